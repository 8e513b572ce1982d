package io.mailsov.metrics;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Decides whether a SQL statement only reads. The {@code sql} command opens the warehouse
 * read-only: a query could otherwise delete or rewrite scans through {@code DELETE FROM
 * delta.`path`}, {@code INSERT}, {@code CREATE TABLE … AS} or {@code DROP}.
 *
 * <p>The statement is parsed, not executed, and judged by its plan's root: queries pass, and of
 * Spark's commands only those that show or explain something.
 */
public final class ReadOnlySql {
  private ReadOnlySql() {}

  /** Throws with the statement's kind when it would change anything. */
  public static void check(SparkSession spark, String statement) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(statement);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException | RuntimeException e) {
      // Parse errors are reported by Spark itself when the statement runs.
      return;
    }
    if (!isReadOnly(plan)) {
      throw new IllegalArgumentException(
          "The sql command is read-only: '"
              + plan.nodeName()
              + "' would change the warehouse or the catalogue. Use Spark directly to modify"
              + " tables, or pass --allow-writes if you mean it.");
    }
  }

  static boolean isReadOnly(LogicalPlan plan) {
    String name = plan.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    if (plan instanceof Command) {
      return name.startsWith("show") || name.startsWith("describe") || name.startsWith("explain");
    }
    // Writes that the parser leaves as statements rather than commands: INSERT INTO,
    // INSERT OVERWRITE DIRECTORY, Delta's RESTORE.
    return !(name.startsWith("insert") || name.endsWith("statement"));
  }
}

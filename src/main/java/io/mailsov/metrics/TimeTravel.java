package io.mailsov.metrics;

import io.delta.tables.DeltaTable;
import io.mailsov.store.TableFormat;
import io.mailsov.store.Warehouse;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads a Delta table as it was at a point in time: the last version committed at or before it.
 *
 * <p>Delta's own {@code timestampAsOf} refuses a time after a table's latest commit, yet that is
 * the usual case here: a scan commits {@code rejects}, then {@code domain_results}, then {@code
 * scans}, so "as of the latest scan" is always later than the last commit of the first two. The
 * version is therefore picked from the table's history instead.
 */
final class TimeTravel {
  private TimeTravel() {}

  /**
   * @param text a timestamp Spark can read, such as {@code 2026-12-03 17:30:00}, in the session's
   *     time zone
   * @throws IllegalArgumentException when the text is no timestamp, the table is not Delta, or it
   *     had no version yet at that time
   */
  static Dataset<Row> read(SparkSession spark, Warehouse warehouse, String table, String text) {
    return readIfExisted(spark, warehouse, table, text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot read "
                        + warehouse.path(table)
                        + " as of "
                        + text
                        + ": its first version was committed at "
                        + history(spark, warehouse, table).get(0).getTimestamp(1)
                        + "; give a later --as-of"));
  }

  /**
   * As {@link #read}, but empty when the table had no version yet at that time (a table that only
   * some scans write).
   */
  static Optional<Dataset<Row>> readIfExisted(
      SparkSession spark, Warehouse warehouse, String table, String text) {
    if (warehouse.formatOf(table) != TableFormat.DELTA) {
      throw new IllegalArgumentException(
          "Cannot read "
              + warehouse.path(table)
              + " as of an earlier time: it is Parquet, not Delta");
    }
    Timestamp at = parse(spark, text);
    Long version = null;
    for (Row r : history(spark, warehouse, table)) {
      if (!r.getTimestamp(1).after(at)) {
        version = r.getLong(0);
      }
    }
    return version == null
        ? Optional.empty()
        : Optional.of(warehouse.readAsOfVersion(table, version));
  }

  /** (version, timestamp) of every commit of the table, oldest first. */
  private static List<Row> history(SparkSession spark, Warehouse warehouse, String table) {
    return DeltaTable.forPath(spark, warehouse.path(table))
        .history()
        .select("version", "timestamp")
        .orderBy("version")
        .collectAsList();
  }

  static Timestamp parse(SparkSession spark, String text) {
    Row r = spark.range(1).select(functions.try_to_timestamp(functions.lit(text))).first();
    if (r.isNullAt(0)) {
      throw new IllegalArgumentException(
          "Invalid --as-of '"
              + text
              + "': give a timestamp such as '2026-12-03 17:30:00' or a version number of the"
              + " scans table (DESCRIBE HISTORY lists them)");
    }
    return r.getTimestamp(0);
  }
}

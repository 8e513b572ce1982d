package io.mailsov.metrics;

import io.mailsov.store.Classifications;
import io.mailsov.store.Warehouse;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Domains whose provider or category differs between two recorded scans, or two classifications of
 * one scan, in either direction: domains that only one side saw are listed too, with the other side
 * empty. Unlike the {@code changes} view, the two scans need not be consecutive.
 */
public final class Diff {
  private Diff() {}

  /**
   * Compares two sides written as on the command line: {@code ID} (a scan's current classification)
   * or {@code ID@N} (classification N of it). The tables must be registered (see {@link Views}).
   *
   * @throws IllegalArgumentException when a side is malformed or names no recorded scan or
   *     classification
   */
  public static ResultTable between(
      SparkSession spark, Warehouse warehouse, String from, String to) {
    Classifications.Ref fromRef = Classifications.Ref.parse(from);
    Classifications.Ref toRef = Classifications.Ref.parse(to);
    for (Classifications.Ref ref : List.of(fromRef, toRef)) {
      if (ParameterizedSql.sql(
              spark, "SELECT 1 FROM scans WHERE scan_id = :id", Map.of("id", ref.scanId()))
          .isEmpty()) {
        throw new IllegalArgumentException(
            "No recorded scan with id '" + ref.scanId() + "'; see SELECT * FROM scans");
      }
    }
    Classifications.results(warehouse, fromRef).createOrReplaceTempView("diff_from");
    Classifications.results(warehouse, toRef).createOrReplaceTempView("diff_to");
    return ResultTable.of(
        "Changed between " + fromRef + " and " + toRef,
        spark.sql(
            "SELECT coalesce(t.domain, f.domain) AS domain,"
                + " coalesce(t.organization, f.organization) AS organization,"
                + " coalesce(t.sector, f.sector) AS sector,"
                + " f.provider AS from_provider, t.provider AS to_provider,"
                + " f.category AS from_category, t.category AS to_category"
                + " FROM diff_from f FULL OUTER JOIN diff_to t ON f.domain = t.domain"
                + " WHERE NOT (f.provider <=> t.provider) OR NOT (f.category <=> t.category)"
                + " ORDER BY domain"));
  }
}

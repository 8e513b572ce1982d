package io.mailsov.metrics;

import io.mailsov.store.Warehouse;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Domains whose provider or category differs between two recorded scans, in either direction:
 * domains that only one of the scans saw are listed too, with the other side empty. Unlike the
 * {@code changes} view, the two scans need not be consecutive.
 */
public final class Diff {
  private Diff() {}

  /**
   * Compares two scans through the registered {@code scans} and {@code domain_results} (see {@link
   * Views}).
   *
   * @throws IllegalArgumentException when either id is malformed or names no recorded scan
   */
  public static ResultTable between(SparkSession spark, String from, String to) {
    Warehouse.checkScanId(from);
    Warehouse.checkScanId(to);
    for (String id : new String[] {from, to}) {
      if (ParameterizedSql.sql(spark, "SELECT 1 FROM scans WHERE scan_id = :id", Map.of("id", id))
          .isEmpty()) {
        throw new IllegalArgumentException(
            "No recorded scan with id '" + id + "'; see SELECT * FROM scans");
      }
    }
    String query =
        "SELECT coalesce(t.domain, f.domain) AS domain,"
            + " coalesce(t.organization, f.organization) AS organization,"
            + " coalesce(t.sector, f.sector) AS sector,"
            + " f.provider AS from_provider, t.provider AS to_provider,"
            + " f.category AS from_category, t.category AS to_category"
            + " FROM (SELECT * FROM domain_results WHERE scan_id = :from) f"
            + " FULL OUTER JOIN (SELECT * FROM domain_results WHERE scan_id = :to) t"
            + " ON f.domain = t.domain"
            + " WHERE NOT (f.provider <=> t.provider) OR NOT (f.category <=> t.category)"
            + " ORDER BY domain";
    return ResultTable.of(
        "Changed between " + from + " and " + to,
        ParameterizedSql.sql(spark, query, Map.of("from", from, "to", to)));
  }
}

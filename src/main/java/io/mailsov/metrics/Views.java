package io.mailsov.metrics;

import io.mailsov.classify.Catalogue;
import io.mailsov.store.Tables;
import io.mailsov.store.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the warehouse tables and the metric views (kept as {@code .sql} files beside this
 * class) in a Spark session, under the names the design fixes. The {@code sql} and {@code report}
 * commands and the notebooks all go through here, so they see the same numbers.
 */
public final class Views {
  /** The view files, in dependency order. */
  static final List<String> FILES =
      List.of(
          "01_scan_results.sql",
          "02_latest_results.sql",
          "10_sector_share.sql",
          "11_provider_share.sql",
          "12_jurisdiction_exposure.sql",
          "13_concentration.sql",
          "14_hidden_behind_gateway.sql",
          "15_footprint.sql",
          "16_footprint_share.sql",
          "20_changes.sql",
          "21_migration_matrix.sql");

  private Views() {}

  /**
   * Registers {@code scans}, {@code domain_results}, {@code rejects}, {@code selected_scan}, the
   * provider catalogue of this installation ({@link Catalogue#loadDefault()}) as {@code providers},
   * and every view; also {@code dns_observations}, {@code classifications} and {@code
   * result_versions} when the warehouse has them.
   *
   * @param scanId the scan the per-scan views describe, or {@code null} for the latest recorded
   * @throws IllegalArgumentException when the warehouse holds no scan, or not that one
   */
  public static void register(SparkSession spark, Warehouse warehouse, String scanId) {
    register(spark, warehouse, scanId, null);
  }

  /**
   * As {@link #register(SparkSession, Warehouse, String)}, with the tables as they were at an
   * earlier point (Delta time travel).
   *
   * @param asOf {@code null} for now; a version number of {@code scans} (the other tables are then
   *     read as of that version's commit time); or a timestamp for all tables
   */
  public static void register(SparkSession spark, Warehouse warehouse, String scanId, String asOf) {
    register(spark, warehouse, scanId, asOf, Catalogue.loadDefault());
  }

  /**
   * As {@link #register(SparkSession, Warehouse, String, String)}, with the provider catalogue that
   * the {@code providers} table (DNS, web and gateway jurisdictions) is built from.
   */
  public static void register(
      SparkSession spark, Warehouse warehouse, String scanId, String asOf, Catalogue catalogue) {
    String timestamp = null;
    Long version = null;
    if (asOf != null && asOf.strip().matches("\\d+")) {
      version = Long.parseLong(asOf.strip());
      timestamp = warehouse.commitTimestamp(Tables.SCANS, version);
    } else if (asOf != null) {
      timestamp = asOf.strip();
    }
    for (String table : List.of(Tables.SCANS, Tables.DOMAIN_RESULTS, Tables.REJECTS)) {
      if (!warehouse.exists(table)) {
        throw new IllegalArgumentException(
            "Cannot find table '"
                + table
                + "' in warehouse "
                + warehouse.root()
                + "; run 'mailsov scan' first or pass --warehouse");
      }
      var data =
          asOf == null
              ? warehouse.read(table)
              : version != null && table.equals(Tables.SCANS)
                  ? warehouse.readAsOfVersion(table, version)
                  : TimeTravel.read(spark, warehouse, table, timestamp);
      data.createOrReplaceTempView(table);
    }
    // Written only by scans that keep observations and by reclassify; registered when present.
    for (String table :
        List.of(Tables.DNS_OBSERVATIONS, Tables.CLASSIFICATIONS, Tables.RESULT_VERSIONS)) {
      if (warehouse.exists(table)) {
        var data =
            asOf == null
                ? java.util.Optional.of(warehouse.read(table))
                : TimeTravel.readIfExisted(spark, warehouse, table, timestamp);
        data.ifPresent(d -> d.createOrReplaceTempView(table));
      }
    }
    selectScan(spark, scanId);
    ProviderTable.register(spark, catalogue);
    for (String file : FILES) {
      spark.sql(resource("views/" + file));
    }
  }

  private static void selectScan(SparkSession spark, String scanId) {
    String query =
        scanId == null
            ? "SELECT scan_id FROM scans ORDER BY finished_at DESC, scan_id DESC LIMIT 1"
            : "SELECT scan_id FROM scans WHERE scan_id = '" + Warehouse.checkScanId(scanId) + "'";
    var selected = spark.sql(query);
    if (selected.isEmpty()) {
      throw new IllegalArgumentException(
          scanId == null
              ? "The warehouse has no recorded scan yet"
              : "No recorded scan with id '" + scanId + "'; see SELECT * FROM scans");
    }
    selected.createOrReplaceTempView("selected_scan");
  }

  static String resource(String name) {
    try (InputStream in = Views.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name + " next to " + Views.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read resource " + name, e);
    }
  }
}

package io.mailsov.metrics;

import io.mailsov.classify.Catalogue;
import io.mailsov.store.Sessions;
import io.mailsov.store.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A warehouse opened for reading, with its tables and metric views registered: the entry point for
 * notebooks and other Java code that asks the same questions as {@code mailsov sql} and {@code
 * mailsov report}, through the same views.
 *
 * <pre>{@code
 * Metrics m = Metrics.open("warehouse");
 * m.sql("SELECT * FROM sector_share WHERE sector = :s", Map.of("s", "municipality"));
 * m.forScan("20261203T101500Z").table("concentration");
 * }</pre>
 *
 * <p>Results come back as {@link ResultTable}s, collected on the driver and capped at {@link
 * #MAX_ROWS} rows; {@link #spark()} gives the session for anything larger.
 */
public final class Metrics {
  /** Rows a query returns at most through {@link #sql}; a notebook cell shows no more. */
  public static final int MAX_ROWS = 10_000;

  /** Where {@link #defaultWarehouse()} looks when neither property nor variable names one. */
  static final String DEFAULT_WAREHOUSE = "warehouse";

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final String scanId;
  private final String asOf;
  private final Catalogue catalogue;

  private Metrics(
      SparkSession spark, Warehouse warehouse, String scanId, String asOf, Catalogue catalogue) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.scanId = scanId;
    this.asOf = asOf;
    this.catalogue = catalogue;
    register();
  }

  /** Opens a warehouse directory (or URI) at its latest recorded scan. */
  public static Metrics open(String warehouse) {
    return open(localSpark(), warehouse, null, null);
  }

  /**
   * Opens a warehouse in a given session.
   *
   * @param scanId the scan the per-scan views describe, or {@code null} for the latest
   * @param asOf Delta time travel (a timestamp, or a version of {@code scans}), or {@code null}
   * @throws IllegalArgumentException when the warehouse holds no such scan or time
   */
  public static Metrics open(SparkSession spark, String warehouse, String scanId, String asOf) {
    Objects.requireNonNull(warehouse, "warehouse is null");
    return new Metrics(
        spark, new Warehouse(spark, warehouse), scanId, asOf, Catalogue.loadDefault());
  }

  /**
   * The warehouse a notebook reads: the system property {@code mailsov.warehouse}, else the
   * environment variable {@code MAILSOV_WAREHOUSE}, else {@code ./warehouse}.
   */
  public static String defaultWarehouse() {
    String p = System.getProperty("mailsov.warehouse");
    if (p != null && !p.isBlank()) {
      return p;
    }
    String e = System.getenv("MAILSOV_WAREHOUSE");
    return e != null && !e.isBlank() ? e : DEFAULT_WAREHOUSE;
  }

  /**
   * The active Spark session, or a new embedded one ({@code local[*]}, Delta enabled, no web UI,
   * bound to loopback) when there is none.
   */
  public static SparkSession localSpark() {
    var active = SparkSession.getActiveSession();
    if (active.isDefined()) {
      return active.get();
    }
    return Sessions.create("mailsov notebook", "local[*]", false);
  }

  /** The same warehouse with the per-scan views describing {@code scanId}. */
  public Metrics forScan(String scanId) {
    return new Metrics(spark, warehouse, scanId, asOf, catalogue);
  }

  /** The same warehouse as it was at {@code asOf} (a timestamp, or a version of scans). */
  public Metrics asOf(String asOf) {
    return new Metrics(spark, warehouse, scanId, asOf, catalogue);
  }

  /**
   * Registers this object's tables and views again. Views are session-wide, so after opening a
   * second {@code Metrics} in the same session, call this before querying the first one again.
   */
  public Metrics register() {
    Views.register(spark, warehouse, scanId, asOf, catalogue);
    return this;
  }

  public SparkSession spark() {
    return spark;
  }

  /** The scan the per-scan views describe. */
  public String scanId() {
    return spark.table("selected_scan").first().getString(0);
  }

  /** Every recorded scan id, oldest first. */
  public List<String> scanIds() {
    List<String> ids = new ArrayList<>();
    for (Row r :
        spark.sql("SELECT scan_id FROM scans ORDER BY finished_at, scan_id").collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  /** A query's result, at most {@link #MAX_ROWS} rows. */
  public ResultTable sql(String query) {
    return ResultTable.of(null, spark.sql(query).limit(MAX_ROWS));
  }

  /**
   * A query with named parameters ({@code :name} in the text), so that values such as a sector name
   * never need quoting.
   */
  public ResultTable sql(String query, Map<String, ?> args) {
    return ResultTable.of(null, dataset(query, args).limit(MAX_ROWS));
  }

  /** A query as a Spark dataset, for results too large to collect. */
  public Dataset<Row> dataset(String query, Map<String, ?> args) {
    return ParameterizedSql.sql(spark, query, args);
  }

  /** A registered table or view, at most {@link #MAX_ROWS} rows. */
  public ResultTable table(String name) {
    return ResultTable.of(name, spark.table(name).limit(MAX_ROWS));
  }

  /** The report of the selected scan (text, JSON, Markdown, HTML with charts). */
  public Report report() {
    return new Report(spark);
  }

  /**
   * Domains whose provider or category differs between two recorded scans, as {@code mailsov diff}
   * lists them; each side is a scan id, or {@code ID@N} for classification N of that scan.
   */
  public ResultTable diff(String from, String to) {
    return Diff.between(spark, warehouse, from, to);
  }
}

package io.mailsov.metrics;

import io.mailsov.classify.Catalogue;
import io.mailsov.store.TableFormat;
import io.mailsov.store.Tables;
import io.mailsov.store.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A small hand-written warehouse whose every view figure is worked out by hand in {@link
 * ViewsTest}. Rows are written straight into Delta tables, no scan involved, in a fixed order of
 * commits (the time-travel tests rely on it):
 *
 * <ol>
 *   <li>{@code domain_results} v0 and {@code rejects} v0 and {@code scans} v0: scan {@code s1} (15
 *       domains, finished 2026-01-01);
 *   <li>{@code domain_results} v1, {@code rejects} v1, {@code scans} v1: scan {@code s2} (14
 *       domains, finished 2026-02-01), the latest;
 *   <li>{@code domain_results} v2: scan {@code dead}, whose {@code scans} row was never written (a
 *       scan that died), so no view may see it.
 * </ol>
 *
 * <p>Built once per test JVM into a temporary directory and only read afterwards.
 */
final class ViewFixture {
  /**
   * The fixture's own provider catalogue, so that the footprint and gateway figures do not move
   * when {@code conf/providers.yaml} does. {@code filter-nl} is a Dutch gateway.
   */
  static final String CATALOGUE_YAML =
      """
      version: "test.1"
      providers:
        - {id: microsoft, name: Microsoft 365, company: Microsoft Corporation, country: "US",
           us_jurisdiction: true, kind: mailbox, patterns: {mx: [outlook.com]}}
        - {id: google, name: Google Workspace, company: Google LLC, country: "US",
           us_jurisdiction: true, kind: mailbox, patterns: {mx: [google.com]}}
        - {id: transip, name: TransIP Mail, company: TransIP B.V., country: "NL",
           us_jurisdiction: false, kind: mailbox,
           patterns: {mx: [transip.email], ns: [transip.net]}}
        - {id: kpn, name: KPN Mail, company: KPN N.V., country: "NL", us_jurisdiction: false,
           kind: mailbox, patterns: {mx: [kpnmail.nl]}}
        - {id: proofpoint, name: Proofpoint, company: Proofpoint Inc., country: "US",
           us_jurisdiction: true, kind: gateway, patterns: {mx: [pphosted.com]}}
        - {id: mimecast, name: Mimecast, company: Mimecast Limited, country: "GB",
           us_jurisdiction: false, kind: gateway, patterns: {mx: [mimecast.com]}}
        - {id: filter-nl, name: Filter NL, company: Filter B.V., country: "NL",
           us_jurisdiction: false, kind: gateway, patterns: {mx: [filter.nl]}}
        - {id: cloudflare, name: Cloudflare DNS, company: Cloudflare Inc., country: "US",
           us_jurisdiction: true, kind: hosting, patterns: {ns: [cloudflare.com]}}
      """;

  private static Path root;

  private ViewFixture() {}

  static Catalogue catalogue() {
    return Catalogue.fromYaml(CATALOGUE_YAML, "ViewFixture");
  }

  /** A local Spark session with Delta, shared with every other test in this JVM. */
  static SparkSession spark() {
    return SparkSession.builder()
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
  }

  /** The warehouse directory, written on first use. */
  static synchronized String warehouse() {
    if (root == null) {
      try {
        Path dir = Files.createTempDirectory("mailsov-view-fixture");
        write(new Warehouse(spark(), dir.toString()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        root = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root.toString();
  }

  private static void write(Warehouse w) {
    SparkSession spark = spark();
    w.replaceScan(
        Tables.DOMAIN_RESULTS,
        "s1",
        spark.createDataFrame(scanOne(), Tables.DOMAIN_RESULT),
        TableFormat.DELTA);
    w.replaceScan(
        Tables.REJECTS,
        "s1",
        spark.createDataFrame(
            List.of(RowFactory.create("s1", 17L, "not a domain", "invalid")), Tables.REJECT),
        TableFormat.DELTA);
    w.replaceScan(
        Tables.SCANS,
        "s1",
        spark.createDataFrame(List.of(scan("s1", "2026-01-01 12:00:00", 16, 15, 1)), Tables.SCAN),
        TableFormat.DELTA);

    w.replaceScan(
        Tables.DOMAIN_RESULTS,
        "s2",
        spark.createDataFrame(scanTwo(), Tables.DOMAIN_RESULT),
        TableFormat.DELTA);
    w.replaceScan(
        Tables.REJECTS, "s2", spark.createDataFrame(List.of(), Tables.REJECT), TableFormat.DELTA);
    w.replaceScan(
        Tables.SCANS,
        "s2",
        spark.createDataFrame(List.of(scan("s2", "2026-02-01 12:00:00", 14, 14, 0)), Tables.SCAN),
        TableFormat.DELTA);

    List<Row> dead = new ArrayList<>();
    dead.add(result("dead", "m1.nl", null, "municipality", "ok", "kpn", "national", 100).row());
    dead.add(result("dead", "new.nl", null, "municipality", "ok", "kpn", "national", 100).row());
    w.replaceScan(
        Tables.DOMAIN_RESULTS,
        "dead",
        spark.createDataFrame(dead, Tables.DOMAIN_RESULT),
        TableFormat.DELTA);
  }

  /**
   * The latest scan: 14 domains in four sectors plus three rows without one (null, empty and blank
   * sector). See {@link ViewsTest} for what each row is there to test.
   */
  static List<Row> scanTwo() {
    String s = "s2";
    List<Row> rows = new ArrayList<>();
    rows.add(
        result(s, "m1.nl", null, "municipality", "ok", "microsoft", "microsoft", 100)
            .with("dns_provider", "cloudflare")
            .row());
    rows.add(
        result(s, "m2.nl", "  ", "municipality", "ok", "microsoft", "microsoft", 60)
            .with("gateway", "filter-nl")
            .with("dns_provider", "transip")
            .with("web_provider", "cloudflare")
            .row());
    rows.add(result(s, "m3.nl", "Gemeente C", "municipality", "ok", "google", "google", 30).row());
    rows.add(
        result(s, "m4.nl", "Gemeente D", "municipality", "ok", "transip", "national", 100)
            .with("gateway", "mimecast")
            .with("dns_provider", "transip")
            .with("web_provider", "transip")
            .row());
    rows.add(
        result(s, "m5.nl", "Gemeente E", "municipality", "ok", "self", "self_hosted", 100)
            .with("dns_provider", "self")
            .row());
    rows.add(
        result(s, "m6.nl", "Gemeente E", "municipality", "ok", "self", "self_hosted", 90)
            .with("dns_provider", "self")
            .with("web_provider", "gone-provider")
            .row());
    rows.add(
        result(s, "w1.nl", "Waterschap 1", "water", "ok", "kpn", "national", 100)
            .with("dns_provider", "transip")
            .row());
    rows.add(
        result(s, "w2.nl", "Waterschap 2", "water", "ok", "google", "google", 100)
            .with("dns_provider", "cloudflare")
            .row());
    rows.add(result(s, "w3.nl", "Waterschap 3", "water", "timeout", null, "unknown", 0).row());
    rows.add(
        result(s, "w4.nl", "Waterschap 4", "water", "lame_delegation", null, "unknown", 0)
            .with("dns_provider", "cloudflare")
            .row());
    rows.add(result(s, "n1.nl", "Stichting 1", null, "nxdomain", null, "none", 0).row());
    rows.add(
        result(s, "n2.nl", "Stichting 2", "", "ok", "proofpoint", "other_us", 50)
            .with("gateway", "proofpoint")
            .row());
    rows.add(
        result(s, "n3.nl", "Stichting 3", "  ", "no_mx", null, "none", 0)
            .with("dns_provider", "transip")
            .with("web_provider", "transip")
            .row());
    rows.add(result(s, "h1.nl", "Haven 1", "harbour", "null_mx", null, "none", 0).row());
    return rows;
  }

  /**
   * The scan before: the same domains but h1.nl, plus gone.nl and gone2.nl; m1.nl was at Google,
   * m4.nl at KPN (same category as TransIP), m6.nl unknown.
   */
  static List<Row> scanOne() {
    String s = "s1";
    List<Row> rows = new ArrayList<>();
    for (Row r : scanTwo()) {
      String domain = r.getString(1);
      switch (domain) {
        case "h1.nl" -> {}
        case "m1.nl" ->
            rows.add(result(s, "m1.nl", null, "municipality", "ok", "google", "google", 100).row());
        case "m4.nl" ->
            rows.add(
                result(s, "m4.nl", "Gemeente D", "municipality", "ok", "kpn", "national", 100)
                    .row());
        case "m6.nl" ->
            rows.add(
                result(s, "m6.nl", "Gemeente E", "municipality", "timeout", null, "unknown", 0)
                    .row());
        default -> {
          Object[] values = new Object[r.length()];
          for (int i = 0; i < r.length(); i++) {
            values[i] = r.get(i);
          }
          values[0] = s;
          rows.add(RowFactory.create(values));
        }
      }
    }
    rows.add(result(s, "gone.nl", "Weg", "water", "ok", "kpn", "national", 100).row());
    rows.add(result(s, "gone2.nl", "Weg 2", "water", "ok", "microsoft", "microsoft", 100).row());
    return rows;
  }

  /** A domain_results row with the columns the views read; the rest filled plausibly. */
  static Result result(
      String scanId,
      String domain,
      String organization,
      String sector,
      String status,
      String provider,
      String category,
      int confidence) {
    return new Result(scanId, domain, organization, sector, status, provider, category, confidence);
  }

  /** A mutable row under construction, in {@link Tables#DOMAIN_RESULT} column order. */
  static final class Result {
    private final Object[] values = new Object[Tables.DOMAIN_RESULT.fields().length];

    Result(
        String scanId,
        String domain,
        String organization,
        String sector,
        String status,
        String provider,
        String category,
        int confidence) {
      with("scan_id", scanId);
      with("domain", domain);
      with("input_domain", domain);
      with("organization", organization);
      with("sector", sector);
      with("country", "NL");
      with("status", status);
      with("mx", List.of());
      with("provider", provider);
      with("category", category);
      with("confidence", confidence);
      with("evidence", List.of());
      with("resolved_at", Timestamp.valueOf("2026-01-01 00:00:00"));
      with("queries", 3);
      with("line", 1L);
      with("status_detail", "");
      // Which classification of the scan the row is, where the schema has it.
      if (List.of(Tables.DOMAIN_RESULT.fieldNames()).contains("classification")) {
        with("classification", 0);
        with("catalogue_version", "test.1");
        with("catalogue_hash", "fixture");
      }
      boolean us =
          provider != null && List.of("microsoft", "google", "proofpoint").contains(provider);
      with("us_jurisdiction", us);
      if (provider != null && !provider.equals("self")) {
        with("provider_name", provider + " mail");
        with("company", provider + " company");
        with("jurisdiction", us ? "US" : "NL");
      }
    }

    Result with(String column, Object value) {
      values[Tables.DOMAIN_RESULT.fieldIndex(column)] = value;
      return this;
    }

    Row row() {
      return RowFactory.create(values.clone());
    }
  }

  private static Row scan(String id, String finished, long inputRows, long results, long rejects) {
    Timestamp end = Timestamp.valueOf(finished);
    return RowFactory.create(
        id,
        new Timestamp(end.getTime() - 60_000),
        end,
        "fixture.csv",
        inputRows,
        results,
        rejects,
        40L,
        10L,
        0L,
        0L,
        "{}",
        "test",
        0L,
        Map.of("NOERROR", 40L),
        1,
        "fixture",
        "fixture-hash",
        false);
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}

package io.mailsov.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/**
 * Another engine reads the warehouse without Spark: DuckDB, through the symlink manifest that Delta
 * keeps current on every commit (the path Presto, Trino and Athena read), sees the same latest
 * snapshot as Spark, also after a scan id was rerun and replaced.
 */
class SymlinkManifestTest {
  @TempDir static Path dir;
  private static AuthoritativeServer server;

  @BeforeAll
  static void serve() throws Exception {
    Name outlook = Name.fromConstantString("x-nl.mail.protection.outlook.com.");
    Name google = Name.fromConstantString("aspmx.l.google.com.");
    List<org.xbill.DNS.Record> records =
        List.of(
            new MXRecord(Name.fromConstantString("a.nl."), DClass.IN, 60, 10, outlook),
            new MXRecord(Name.fromConstantString("b.nl."), DClass.IN, 60, 10, outlook),
            new MXRecord(Name.fromConstantString("c.nl."), DClass.IN, 60, 10, google));
    server = AuthoritativeServer.start(ZoneData.of(records), Faults.none());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void scan(Path list, String warehouse, String scanId) {
    Cli.quickMxScan(list, warehouse, scanId, server.port());
  }

  @Test
  void duckDbReadsTheLatestSnapshotThroughTheManifestWithSparksCounts() throws Exception {
    Path first = dir.resolve("first.txt");
    Files.writeString(first, "a.nl\nb.nl\nc.nl\nmissing.nl\nnot a domain\n");
    Path second = dir.resolve("second.txt");
    Files.writeString(second, "a.nl\nc.nl\n");
    // file:// URI: the warehouse may be any Hadoop file system URI.
    String warehouse = dir.resolve("w").toUri().toString();

    scan(first, warehouse, "20261201");
    scan(first, warehouse, "20261202");
    // The rerun of a date replaces its rows: the old files leave the manifest.
    scan(second, warehouse, "20261201");

    Map<String, Long> spark = sparkCounts(warehouse, Tables.DOMAIN_RESULTS);
    assertThat(spark)
        .as("Spark's counts per scan and status")
        .containsEntry("20261201/ok", 2L)
        .containsEntry("20261202/ok", 3L)
        .containsEntry("20261202/nxdomain", 1L)
        .doesNotContainKey("20261201/nxdomain");
    assertThat(duckDbCounts(dir.resolve("w/domain_results"))).isEqualTo(spark);
    Row rerun =
        SparkSession.active()
            .read()
            .format("delta")
            .load(warehouse + "/" + Tables.SCANS)
            .where("scan_id = '20261201'")
            .select("results", "rejects")
            .first();
    assertThat(rerun.getLong(0)).as("results of the rerun date").isEqualTo(2);
    assertThat(rerun.getLong(1)).as("rejects of the rerun date").isZero();

    assertThat(duckDbCounts(dir.resolve("w/rejects")))
        .isEqualTo(sparkCounts(warehouse, Tables.REJECTS))
        .containsEntry("20261202/-", 1L);
    assertThat(duckDbCounts(dir.resolve("w/scans")))
        .isEqualTo(sparkCounts(warehouse, Tables.SCANS))
        .hasSize(2);
  }

  @Test
  void scanTablesCarryTheManifestAndStatisticsProperties() throws Exception {
    Path list = dir.resolve("one.txt");
    Files.writeString(list, "a.nl\n");
    String warehouse = dir.resolve("props").toString();
    scan(list, warehouse, "s1");

    for (String table : List.of(Tables.SCANS, Tables.DOMAIN_RESULTS, Tables.REJECTS)) {
      List<Row> props =
          SparkSession.active()
              .sql("SHOW TBLPROPERTIES delta.`" + warehouse + "/" + table + "`")
              .where("key = '" + Warehouse.MANIFEST_PROPERTY + "'")
              .collectAsList();
      assertThat(props).as(table).hasSize(1);
      assertThat(props.get(0).getString(1)).as(table).isEqualTo("true");
    }
    for (String table : List.of(Tables.DOMAIN_RESULTS, Tables.DNS_OBSERVATIONS)) {
      List<Row> stats =
          SparkSession.active()
              .sql("SHOW TBLPROPERTIES delta.`" + warehouse + "/" + table + "`")
              .where("key = '" + Tables.STATS_COLUMNS_PROPERTY + "'")
              .collectAsList();
      assertThat(stats).as(table).hasSize(1);
      assertThat(stats.get(0).getString(1)).as(table).isEqualTo(Tables.statsColumns(table));
    }
  }

  /** Rows per "scan_id/status" ("scan_id/-" for tables without a status), as Spark sees them. */
  private static Map<String, Long> sparkCounts(String warehouse, String table) {
    var df = SparkSession.active().read().format("delta").load(warehouse + "/" + table);
    boolean status = List.of(df.columns()).contains("status");
    Map<String, Long> counts = new TreeMap<>();
    df.groupBy(
            df.col("scan_id"),
            status ? df.col("status") : org.apache.spark.sql.functions.lit("-").as("status"))
        .count()
        .collectAsList()
        .forEach(r -> counts.put(r.getString(0) + "/" + r.getString(1), r.getLong(2)));
    return counts;
  }

  /**
   * The same counts from DuckDB, which knows nothing of Delta: it reads the Parquet files the
   * manifests list, and takes scan_id from their partition folders (Hive style).
   */
  private static Map<String, Long> duckDbCounts(Path table) throws Exception {
    List<String> files;
    try (Stream<Path> manifests = Files.walk(table.resolve("_symlink_format_manifest"))) {
      files =
          manifests
              .filter(p -> p.getFileName().toString().equals("manifest"))
              .flatMap(SymlinkManifestTest::lines)
              .map(uri -> Path.of(java.net.URI.create(uri)).toString())
              .toList();
    }
    assertThat(files).as("files listed in the manifests of " + table).isNotEmpty();
    String list =
        files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(","));
    Map<String, Long> counts = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      String from = "read_parquet([" + list + "], hive_partitioning = true)";
      boolean status = hasColumn(s, from, "status");
      String sql =
          "SELECT CAST(scan_id AS VARCHAR), "
              + (status ? "status" : "'-'")
              + ", count(*) FROM "
              + from
              + " GROUP BY ALL";
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
        }
      }
    }
    return counts;
  }

  private static boolean hasColumn(Statement s, String from, String column) throws Exception {
    try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + from)) {
      while (rs.next()) {
        if (rs.getString(1).equals(column)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Stream<String> lines(Path manifest) {
    try {
      return Files.readAllLines(manifest).stream().filter(l -> !l.isBlank());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

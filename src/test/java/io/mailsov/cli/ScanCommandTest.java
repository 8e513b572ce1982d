package io.mailsov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.store.Sessions;
import io.mailsov.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/** The scan command's contract: inputs, exit codes, reruns and formats. */
class ScanCommandTest {
  @TempDir static Path dir;
  private static AuthoritativeServer server;

  @BeforeAll
  static void serve() throws Exception {
    Name target = Name.fromConstantString("x-nl.mail.protection.outlook.com.");
    List<org.xbill.DNS.Record> records =
        List.of(
            new MXRecord(Name.fromConstantString("a.nl."), DClass.IN, 60, 10, target),
            new MXRecord(Name.fromConstantString("b.nl."), DClass.IN, 60, 10, target),
            new MXRecord(
                Name.fromConstantString("c.nl."),
                DClass.IN,
                60,
                10,
                Name.fromConstantString("aspmx.l.google.com.")));
    server = AuthoritativeServer.start(ZoneData.of(records), Faults.none());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Cli.Result scan(Path input, String warehouse, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "scan",
                "--domains",
                input.toString(),
                "--warehouse",
                warehouse,
                "--resolvers",
                "127.0.0.1:" + server.port(),
                "--master",
                "local[2]",
                "--timeout",
                "300ms",
                "--retries",
                "1"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static long count(String warehouse, String table, String format) {
    return SparkSession.active().read().format(format).load(warehouse + "/" + table).count();
  }

  @Test
  void missingDomainColumnIsExitCodeTwoNamingTheHeader() throws Exception {
    Path f = dir.resolve("nodomain.csv");
    Files.writeString(f, "name,sector\nx,agency\n");
    Cli.Result r = scan(f, dir.resolve("w1").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no 'domain' column").contains("nodomain.csv");
  }

  @Test
  void emptyFileIsExitCodeTwo() throws Exception {
    Path f = dir.resolve("empty.csv");
    Files.writeString(f, "");
    Cli.Result r = scan(f, dir.resolve("w2").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("empty");
  }

  @Test
  void missingFileIsExitCodeTwo() {
    Cli.Result r = scan(dir.resolve("absent.csv"), dir.resolve("w3").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("absent.csv");
  }

  @Test
  void badOptionValuesAreExitCodeTwo() throws Exception {
    Path f = dir.resolve("ok.txt");
    Files.writeString(f, "a.nl\n");
    assertThat(scan(f, dir.resolve("w4").toString(), "--format", "orc").code()).isEqualTo(2);
    assertThat(scan(f, dir.resolve("w4").toString(), "--scan-id", "../x").code()).isEqualTo(2);
    assertThat(scan(f, dir.resolve("w4").toString(), "--country", "NLD").code()).isEqualTo(2);
    assertThat(scan(f, dir.resolve("w4").toString(), "--no-such-option").code()).isEqualTo(2);
    Cli.Result zero = scan(f, dir.resolve("w4").toString(), "--in-flight", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("resolver.in-flight").contains("--in-flight");
    assertThat(scan(f, dir.resolve("w4").toString(), "--timeout", "3").code()).isEqualTo(2);
    Cli.Result r = Cli.run("scan", "--domains", f.toString(), "--resolvers", "1.2.3.4:99999");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Invalid resolver");
  }

  @Test
  void helpShowsEveryDefault() {
    Cli.Result r = Cli.run("scan", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Default: ./warehouse")
        .contains("Default: NL")
        .contains("Default: delta")
        .contains("Default: 1500ms")
        .contains("Default: 2000");
  }

  @Test
  void rerunningAScanIdReplacesItInsteadOfAddingRows() throws Exception {
    Path f = dir.resolve("list.txt");
    Files.writeString(f, "a.nl\nb.nl\n# a comment\nc.nl\nA.NL.\n");
    String w = dir.resolve("rerun").toString();
    assertThat(scan(f, w, "--scan-id", "s1").code()).isZero();
    assertThat(scan(f, w, "--scan-id", "s1").code()).isZero();
    assertThat(count(w, "domain_results", "delta")).isEqualTo(3);
    assertThat(count(w, "rejects", "delta")).isEqualTo(2);
    assertThat(count(w, "scans", "delta")).isEqualTo(1);
    assertThat(scan(f, w, "--scan-id", "s2").code()).isZero();
    assertThat(count(w, "domain_results", "delta")).isEqualTo(6);

    // Time travel: scans version 0 is the first recording of s1, before s2 existed.
    Cli.Result past =
        Cli.run(
            "sql",
            "--warehouse",
            w,
            "--as-of",
            "0",
            "--format",
            "csv",
            "SELECT scan_id, count(*) FROM domain_results GROUP BY scan_id");
    assertThat(past.code()).as(past.err()).isZero();
    assertThat(past.out()).contains("s1,3").doesNotContain("s2");

    Cli.Result diff = Cli.run("diff", "--warehouse", w, "--from", "s1", "--to", "s2");
    assertThat(diff.code()).isZero();
    assertThat(diff.out()).contains("(0 rows)");
  }

  @Test
  void parquetFormatWritesPlainParquetThatReportReads() throws Exception {
    Path f = dir.resolve("list.csv");
    Files.writeString(f, "\uFEFFDomain;Organisation;Sector\r\na.nl;A;agency\r\nc.nl;C;agency\r\n");
    String w = dir.resolve("pq").toString();
    Cli.Result r = scan(f, w, "--format", "parquet", "--scan-id", "p1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.exists(Path.of(w, "domain_results", "_delta_log"))).isFalse();
    assertThat(count(w, "domain_results", "parquet")).isEqualTo(2);
    Cli.Result report = Cli.run("report", "--warehouse", w, "--format", "csv");
    assertThat(report.code()).as(report.err()).isZero();
    assertThat(report.out()).contains("agency,2,50.0,50.0");
  }

  @Test
  void parquetInputIsRead() throws Exception {
    Path f = dir.resolve("input.parquet");
    SparkSession spark = Sessions.create("test", "local[2]", false);
    spark
        .createDataFrame(
            List.of(
                org.apache.spark.sql.RowFactory.create("a.nl", "A"),
                org.apache.spark.sql.RowFactory.create("not a domain", "B")),
            new org.apache.spark.sql.types.StructType()
                .add("domain", "string")
                .add("organization", "string"))
        .write()
        .parquet(f.toString());
    String w = dir.resolve("pqin").toString();
    assertThat(scan(f, w).code()).isZero();
    assertThat(count(w, "domain_results", "delta")).isEqualTo(1);
    assertThat(count(w, "rejects", "delta")).isEqualTo(1);
  }

  @Test
  void retryFailedResolvesOnlyTheFailedDomainsAndMergesThem() throws Exception {
    Name flaky = Name.fromConstantString("flaky.nl.");
    List<org.xbill.DNS.Record> records =
        List.of(
            new MXRecord(
                Name.fromConstantString("a.nl."),
                DClass.IN,
                60,
                10,
                Name.fromConstantString("aspmx.l.google.com.")),
            new MXRecord(
                flaky,
                DClass.IN,
                60,
                10,
                Name.fromConstantString("flaky-nl.mail.protection.outlook.com.")));
    Faults faults =
        Faults.builder().exact(flaky, org.xbill.DNS.Type.MX, Faults.Action.dropFirst(2)).build();
    try (AuthoritativeServer flakyServer =
        AuthoritativeServer.start(ZoneData.of(records), faults)) {
      Path f = dir.resolve("retry.txt");
      Files.writeString(f, "a.nl\nflaky.nl\n");
      String w = dir.resolve("retry").toString();
      String resolver = "127.0.0.1:" + flakyServer.port();
      Cli.Result first =
          Cli.run(
              "scan",
              "--domains",
              f.toString(),
              "--warehouse",
              w,
              "--scan-id",
              "r1",
              "--resolvers",
              resolver,
              "--master",
              "local[2]",
              "--timeout",
              "200ms",
              "--retries",
              "1");
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out()).contains("timeout 1");

      Cli.Result retry =
          Cli.run(
              "scan",
              "--retry-failed",
              "r1",
              "--warehouse",
              w,
              "--resolvers",
              resolver,
              "--master",
              "local[2]",
              "--timeout",
              "200ms",
              "--retries",
              "1");
      assertThat(retry.code()).as(retry.err()).isZero();
      assertThat(retry.out()).contains("1 domains with status").contains("{ok=1}");

      SparkSession spark = SparkSession.active();
      List<org.apache.spark.sql.Row> rows =
          spark
              .read()
              .format("delta")
              .load(w + "/domain_results")
              .select("domain", "status", "category")
              .orderBy("domain")
              .collectAsList();
      assertThat(rows)
          .extracting(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2))
          .containsExactly("a.nl ok google", "flaky.nl ok microsoft");
      org.apache.spark.sql.Row scan =
          spark.read().format("delta").load(w + "/scans").select("attempts", "results").first();
      assertThat(scan.getInt(0)).isEqualTo(2);
      assertThat(scan.getLong(1)).isEqualTo(2);

      // Both attempts' answers are kept, numbered; a reclassification reads the latest, and with
      // the server gone still finds flaky.nl at Microsoft.
      List<org.apache.spark.sql.Row> kept =
          spark
              .read()
              .format("delta")
              .load(w + "/dns_observations")
              .where("domain = 'flaky.nl' AND type = 'MX'")
              .orderBy("attempt")
              .select("attempt", "outcome")
              .collectAsList();
      assertThat(kept)
          .extracting(r -> r.getInt(0) + " " + r.getString(1))
          .containsExactly("1 timeout", "2 reply");
      flakyServer.close();
      Cli.Result again =
          Cli.run("reclassify", "--scan-id", "r1", "--warehouse", w, "--master", "local[2]");
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).contains("classification 1, 2 domains, 0 with another");

      Cli.Result both = Cli.run("scan", "--retry-failed", "r1", "--domains", f.toString());
      assertThat(both.code()).isEqualTo(2);
      assertThat(both.err()).contains("either --domains FILE or --retry-failed");
    }
  }

  @Test
  void aScanWithoutObservationsCannotBeReclassified() throws Exception {
    Path f = dir.resolve("noobs.txt");
    Files.writeString(f, "example.nl\n");
    String w = dir.resolve("noobs").toString();
    try (AuthoritativeServer s = AuthoritativeServer.start(ZoneData.of(List.of()), Faults.none())) {
      Cli.Result r =
          Cli.run(
              "scan",
              "--domains",
              f.toString(),
              "--warehouse",
              w,
              "--scan-id",
              "n1",
              "--no-keep-observations",
              "--resolvers",
              "127.0.0.1:" + s.port(),
              "--master",
              "local[2]");
      assertThat(r.code()).as(r.err()).isZero();
    }
    Cli.Result again = Cli.run("reclassify", "--scan-id", "n1", "--warehouse", w);
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("kept no DNS observations");
    Cli.Result unknown = Cli.run("reclassify", "--scan-id", "zz", "--warehouse", w);
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("No recorded scan with id 'zz'");
  }

  @Test
  void reportOnAnEmptyWarehouseSaysSo() {
    Cli.Result r = Cli.run("report", "--warehouse", dir.resolve("nothing").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("run 'mailsov scan' first");
  }
}

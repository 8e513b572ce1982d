package io.mailsov.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.testing.Cli;
import io.mailsov.testing.KnotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * DNS data is hostile input: zones a real server (Knot) serves with huge RRsets, kilobytes of TXT,
 * SPF include bombs and loops, alias loops and long chains, MX records pointing at an address or at
 * the root, TTL 0, and text made to break SQL, HTML and terminals. The scan must give every domain
 * a status and keep going; the text must come out as data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileZonesTest {
  @TempDir static Path dir;
  private KnotServer knot;
  private String warehouse;
  private Cli.Result scan;
  private SparkSession spark;

  private static final List<String> DOMAINS =
      List.of(
          "hugemx.nl",
          "bigtxt.nl",
          "spfbomb.nl",
          "spfloop.nl",
          "cnameloop.nl",
          "longchain.nl",
          "mxip.nl",
          "mxroot.nl",
          "ttl0.nl",
          "inject.nl",
          "dkimloop.nl");

  private static String zone() {
    StringBuilder z = new StringBuilder();
    z.append("$ORIGIN nl.\n$TTL 300\n");
    z.append("@ SOA ns.nl. hostmaster.nl. 1 3600 600 86400 300\n@ NS ns.nl.\nns A 127.0.0.1\n");
    // 300 MX records, each host with an address.
    for (int i = 0; i < 300; i++) {
      z.append("hugemx MX ").append(i).append(" mx").append(i).append(".hugemx\n");
      z.append("mx").append(i).append(".hugemx A 192.0.2.").append(i % 250 + 1).append('\n');
    }
    // About 12 KB of TXT: 48 strings of 250 characters; only TCP carries it whole.
    z.append("bigtxt MX 10 mail.bigtxt\nmail.bigtxt A 192.0.2.10\n");
    z.append("bigtxt TXT \"v=spf1 include:spf.protection.outlook.com -all\"\n");
    for (int i = 0; i < 48; i++) {
      // Distinct strings: a server keeps one copy of identical records (RFC 2181 section 5).
      z.append("bigtxt TXT \"")
          .append(String.format("%02d", i))
          .append(String.valueOf((char) ('a' + i % 26)).repeat(248))
          .append("\"\n");
    }
    // An SPF bomb: 30 includes, each naming 10 more.
    z.append("spfbomb MX 10 mail.spfbomb\nmail.spfbomb A 192.0.2.11\nspfbomb TXT \"v=spf1");
    for (int i = 0; i < 30; i++) {
      z.append(" include:b").append(i).append(".spfbomb.nl");
    }
    z.append(" -all\"\n");
    for (int i = 0; i < 30; i++) {
      z.append("b").append(i).append(".spfbomb TXT \"v=spf1");
      for (int j = 0; j < 10; j++) {
        z.append(" include:c").append(i).append('-').append(j).append(".spfbomb.nl");
      }
      z.append(" -all\"\n");
    }
    z.append("spfloop MX 10 mail.spfloop\nmail.spfloop A 192.0.2.12\n");
    z.append("spfloop TXT \"v=spf1 include:a.spfloop.nl -all\"\n");
    z.append("a.spfloop TXT \"v=spf1 include:b.spfloop.nl -all\"\n");
    z.append("b.spfloop TXT \"v=spf1 include:spfloop.nl -all\"\n");
    // MX host whose alias loops, and one at the end of a 12-alias chain.
    z.append(
        "cnameloop MX 10 a.cnameloop\na.cnameloop CNAME b.cnameloop\nb.cnameloop CNAME a.cnameloop\n");
    z.append("longchain MX 10 c0.longchain\n");
    for (int i = 0; i < 12; i++) {
      z.append("c").append(i).append(".longchain CNAME c").append(i + 1).append(".longchain\n");
    }
    z.append("c12.longchain A 192.0.2.13\n");
    z.append("mxip MX 10 192.0.2.14.\n");
    z.append("mxroot MX 0 .\nmxroot MX 10 mail.mxroot\nmail.mxroot A 192.0.2.15\n");
    z.append("ttl0 0 MX 10 mail.ttl0\nmail.ttl0 0 A 192.0.2.16\n");
    z.append("ttl0 0 TXT \"v=spf1 include:_spf.google.com ~all\"\n");
    // Text made to break SQL, HTML and terminals.
    z.append("inject MX 10 x\\<script\\>y.inject\nx\\<script\\>y.inject A 192.0.2.17\n");
    z.append("inject TXT \"'; DROP TABLE domain_results; --\"\n");
    z.append("inject TXT \"<script>alert(1)</script>\\027[31m\\007\\000\"\n");
    z.append("inject TXT \"v=spf1 include:'); DROP TABLE scans; -- -all\"\n");
    z.append("dkimloop MX 10 mail.dkimloop\nmail.dkimloop A 192.0.2.18\n");
    z.append("selector1._domainkey.dkimloop CNAME selector1._domainkey.dkimloop\n");
    z.append("autodiscover.dkimloop CNAME autodiscover.dkimloop\n");
    return z.toString();
  }

  @BeforeAll
  void scanOnce() throws Exception {
    Path zones = dir.resolve("zones");
    Files.createDirectories(zones);
    Files.writeString(zones.resolve("nl.zone"), zone());
    knot =
        KnotServer.start(
            dir.resolve("knot"),
            zones,
            List.of(new KnotServer.Origin(Name.fromConstantString("nl."), "nl.zone")));
    Path list = dir.resolve("hostile.txt");
    Files.writeString(list, String.join("\n", DOMAINS) + "\n");
    warehouse = dir.resolve("warehouse").toString();
    scan =
        Cli.run(
            "scan",
            "--domains",
            list.toString(),
            "--warehouse",
            warehouse,
            "--scan-id",
            "hostile",
            "--resolvers",
            "127.0.0.1:" + knot.port(),
            "--master",
            "local[2]",
            "--timeout",
            "1s");
    spark = SparkSession.active();
  }

  @AfterAll
  void stop() {
    if (knot != null) {
      knot.close();
    }
  }

  private Map<String, Row> results() {
    Map<String, Row> byDomain = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(warehouse + "/domain_results").collectAsList()) {
      byDomain.put(r.getString(r.fieldIndex("domain")), r);
    }
    return byDomain;
  }

  private static String text(Row r, String field) {
    return String.valueOf(r.get(r.fieldIndex(field)));
  }

  @Test
  void everyHostileDomainEndsWithAStatusAndNothingIsLost() {
    assertThat(scan.code()).as("stderr: %s", scan.err()).isZero();
    Map<String, Row> rows = results();
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(DOMAINS);
    Map<String, String> statuses = new TreeMap<>();
    rows.forEach((d, r) -> statuses.put(d, text(r, "status")));
    assertThat(statuses)
        .containsEntry("hugemx.nl", "ok")
        .containsEntry("bigtxt.nl", "ok")
        .containsEntry("spfbomb.nl", "ok")
        .containsEntry("spfloop.nl", "ok")
        .containsEntry("cnameloop.nl", "ok")
        .containsEntry("longchain.nl", "ok")
        .containsEntry("mxip.nl", "ok")
        .containsEntry("mxroot.nl", "ok")
        .containsEntry("ttl0.nl", "ok")
        .containsEntry("inject.nl", "ok")
        .containsEntry("dkimloop.nl", "ok");
    assertThat(text(rows.get("hugemx.nl"), "status_detail"))
        .isEqualTo("300 MX records, first 10 exchanges resolved, 290 without addresses");
    assertThat(rows.get("hugemx.nl").getList(rows.get("hugemx.nl").fieldIndex("mx"))).hasSize(300);
  }

  @Test
  void limitsHoldAndAreRecordedAsEvidence() {
    Map<String, Row> rows = results();
    List<Row> observations =
        spark.read().format("delta").load(warehouse + "/dns_observations").collectAsList();
    long bombTxt =
        observations.stream()
            .filter(o -> text(o, "domain").equals("spfbomb.nl") && text(o, "type").equals("TXT"))
            .filter(o -> text(o, "name").endsWith("spfbomb.nl."))
            .count();
    // The apex TXT, then at most ten DNS-querying terms (RFC 7208 section 4.6.4).
    assertThat(bombTxt).isBetween(2L, 11L);
    assertThat(text(rows.get("spfbomb.nl"), "evidence")).contains("permerror");
    assertThat(text(rows.get("spfloop.nl"), "evidence")).contains("loop");
    // The kilobytes of TXT came whole over TCP, and the row keeps a bounded part of them.
    assertThat(observations)
        .anySatisfy(
            o -> {
              assertThat(text(o, "name")).isEqualTo("bigtxt.nl.");
              assertThat(text(o, "type")).isEqualTo("TXT");
              assertThat(o.getBoolean(o.fieldIndex("tcp"))).isTrue();
              assertThat(o.getList(o.fieldIndex("answers"))).hasSize(49);
            });
    assertThat(text(rows.get("bigtxt.nl"), "provider")).isEqualTo("microsoft");
    // Alias loops and chains stop at eight hops.
    assertThat(text(rows.get("cnameloop.nl"), "status_detail")).contains("without addresses");
    assertThat(text(rows.get("longchain.nl"), "status_detail")).contains("without addresses");
    assertThat(text(rows.get("mxip.nl"), "mx")).contains("192.0.2.14");
  }

  @Test
  void textFromDnsStaysData() throws Exception {
    Cli.Result sql =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
            "SELECT d.name, a.data FROM dns_observations d LATERAL VIEW explode(d.answers) t AS a"
                + " WHERE d.domain = 'inject.nl' AND d.type = 'TXT' ORDER BY a.data");
    assertThat(sql.code()).as("stderr: %s", sql.err()).isZero();
    assertThat(sql.out())
        .contains("'; DROP TABLE domain_results; --")
        .contains("<script>alert(1)</script>\\027[31m\\007\\000")
        .doesNotContain("\u001b")
        .doesNotContain("\u0007");
    assertThat(spark.read().format("delta").load(warehouse + "/scans").count()).isEqualTo(1);

    Path html = dir.resolve("report.html");
    Cli.Result report =
        Cli.run(
            "report", "--warehouse", warehouse, "--format", "html", "--output", html.toString());
    assertThat(report.code()).as("stderr: %s", report.err()).isZero();
    assertThat(Files.readString(html)).doesNotContain("<script>").doesNotContain("x<script>y");

    Cli.Result explain = Cli.run("explain", "inject.nl", "--warehouse", warehouse);
    assertThat(explain.code()).as("stderr: %s", explain.err()).isZero();
    assertThat(explain.out())
        .contains("DROP TABLE domain_results")
        .doesNotContain("\u001b")
        .doesNotContain("\u0000");
  }
}

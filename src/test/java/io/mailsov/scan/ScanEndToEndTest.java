package io.mailsov.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.sample.SampleDomain;
import io.mailsov.sample.SampleDuplicate;
import io.mailsov.sample.SampleWorld;
import io.mailsov.testing.Cli;
import io.mailsov.testing.KnotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine, end to end: a generated list of 10,000 domains with ~1% junk, served by a real Knot on
 * 127.0.0.1, scanned through the command line on local Spark; every row and every number checked
 * against the generator's truth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanEndToEndTest {
  private static final int DOMAINS = 10_000;

  @TempDir static Path dir;
  private SampleWorld world;
  private KnotServer knot;
  private Path csv;
  private String warehouse;
  private Cli.Result scan;
  private SparkSession spark;

  @BeforeAll
  void scanOnce() throws Exception {
    world = SampleWorld.generate(20261203L, DOMAINS, 0.01);
    csv = dir.resolve("domains.csv");
    world.writeCsv(csv);
    knot = KnotServer.start(dir.resolve("knot"), world);
    warehouse = dir.resolve("warehouse").toString();
    scan =
        Cli.run(
            "scan",
            "--domains",
            csv.toString(),
            "--warehouse",
            warehouse,
            "--scan-id",
            "e2e",
            "--resolvers",
            "127.0.0.1:" + knot.port(),
            "--master",
            "local[2]",
            "--timeout",
            "1s",
            "--domains-per-partition",
            "2000");
    spark = SparkSession.active();
  }

  @AfterAll
  void stop() {
    if (knot != null) {
      knot.close();
    }
  }

  private List<Row> rows(String sql) {
    return spark.sql(sql).collectAsList();
  }

  private void registerTables() {
    for (String t : List.of("domain_results", "rejects", "scans")) {
      spark.read().format("delta").load(warehouse + "/" + t).createOrReplaceTempView(t);
    }
  }

  @Test
  void everyInputRowIsOneResultOrOneReject() throws Exception {
    assertThat(scan.code()).as("exit code; stderr:%n%s", scan.err()).isZero();
    registerTables();
    long inputRows = Files.readAllLines(csv).size() - 1;
    long results =
        rows("SELECT count(*) FROM domain_results WHERE scan_id='e2e'").get(0).getLong(0);
    long rejects = rows("SELECT count(*) FROM rejects WHERE scan_id='e2e'").get(0).getLong(0);
    assertThat(results).isEqualTo(DOMAINS);
    assertThat(results + rejects).isEqualTo(inputRows);
    assertThat(
            rows("SELECT count(DISTINCT line) FROM (SELECT line FROM domain_results WHERE"
                    + " scan_id='e2e' UNION ALL SELECT line FROM rejects WHERE scan_id='e2e')")
                .get(0)
                .getLong(0))
        .as("lines are distinct across results and rejects")
        .isEqualTo(inputRows);
    Row recorded = rows("SELECT input_rows, results, rejects, queries FROM scans").get(0);
    assertThat(recorded.getLong(0)).isEqualTo(inputRows);
    assertThat(recorded.getLong(1)).isEqualTo(results);
    assertThat(recorded.getLong(2)).isEqualTo(rejects);
    assertThat(recorded.getLong(3)).isPositive();
    assertThat(scan.out()).contains("input rows").contains("domains/s");
  }

  @Test
  void junkAndDuplicatesAreRejectedWithReasons() {
    registerTables();
    Map<String, String> reasons =
        rows("SELECT raw, reason FROM rejects WHERE scan_id='e2e'").stream()
            .collect(
                Collectors.toMap(
                    r -> String.valueOf(r.getString(0)),
                    r -> r.getString(1),
                    (a, b) -> a + " | " + b));
    assertThat(reasons.values()).allSatisfy(r -> assertThat(r).isNotBlank());
    for (SampleDuplicate d : world.duplicates()) {
      assertThat(reasons.entrySet())
          .as("duplicate %s", d.raw())
          .anySatisfy(
              e -> {
                assertThat(e.getKey()).contains(d.raw());
                assertThat(e.getValue()).contains("duplicate of line").contains(d.domain());
              });
    }
    assertThat(reasons).hasSize(world.junkRows().size() + world.duplicates().size());
  }

  @Test
  void statusCategoryAndProviderMatchTheGeneratorsTruth() {
    registerTables();
    Map<String, Row> byDomain = new HashMap<>();
    rows("SELECT domain, status, category, provider FROM domain_results WHERE scan_id='e2e'")
        .forEach(r -> byDomain.put(r.getString(0), r));
    Map<String, Integer> statusesSeen = new TreeMap<>();
    for (SampleDomain d : world.domains()) {
      Row r = byDomain.get(d.domain());
      assertThat(r).as("result for %s", d.domain()).isNotNull();
      assertThat(r.getString(1)).as("status of %s", d.domain()).isEqualTo(d.expectedStatus());
      assertThat(r.getString(2)).as("category of %s", d.domain()).isEqualTo(d.expectedCategory());
      assertThat(r.getString(3)).as("provider of %s", d.domain()).isEqualTo(d.expectedProvider());
      statusesSeen.merge(d.expectedStatus(), 1, Integer::sum);
    }
    assertThat(statusesSeen.keySet())
        .as("the data holds every status Knot can produce")
        .containsExactlyInAnyOrder("ok", "no_mx", "null_mx", "nxdomain", "servfail", "refused");
  }

  @Test
  void sectorShareEqualsTheShareComputedFromTheTruth() {
    Cli.Result r =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
            "SELECT sector, category, domains, share_pct FROM sector_share");
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();

    Map<String, Map<String, Long>> truth = new TreeMap<>();
    for (SampleDomain d : world.domains()) {
      truth
          .computeIfAbsent(d.sector(), s -> new TreeMap<>())
          .merge(d.expectedCategory(), 1L, Long::sum);
      truth
          .computeIfAbsent("(all)", s -> new TreeMap<>())
          .merge(d.expectedCategory(), 1L, Long::sum);
    }
    Map<String, String> expected = new TreeMap<>();
    truth.forEach(
        (sector, counts) -> {
          long total = counts.values().stream().mapToLong(Long::longValue).sum();
          counts.forEach(
              (category, n) ->
                  expected.put(
                      sector + "," + category,
                      n
                          + ","
                          + java.math.BigDecimal.valueOf(100.0 * n / total)
                              .setScale(1, java.math.RoundingMode.HALF_UP)));
        });
    Map<String, String> actual = new TreeMap<>();
    r.out()
        .lines()
        .skip(1)
        .forEach(
            line -> {
              String[] f = line.split(",");
              actual.put(
                  f[0] + "," + f[1], f[2] + "," + new java.math.BigDecimal(f[3]).setScale(1));
            });
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void sqlCommandAnswersTheIssuesQuery() {
    Cli.Result r =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "SELECT category, count(*) FROM latest_results GROUP BY category");
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("microsoft").contains("google").contains("national");
  }

  @Test
  void sqlCommandRefusesToChangeTheWarehouse() {
    Cli.Result r =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "DELETE FROM delta.`" + warehouse + "/domain_results` WHERE true");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("read-only");
    registerTables();
    assertThat(rows("SELECT count(*) FROM domain_results").get(0).getLong(0)).isEqualTo(DOMAINS);
  }

  @Test
  void reportPrintsTheSectorTable() {
    Cli.Result r = Cli.run("report", "--warehouse", warehouse);
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("per sector").contains("municipality").contains("microsoft %");
    Cli.Result json = Cli.run("report", "--warehouse", warehouse, "--format", "json");
    assertThat(json.out()).contains("\"sector_share\"").contains("\"provider_share\"");
  }

  /**
   * The issue's proof that kept answers are enough: the scan is classified again with the DNS
   * server stopped (nothing listens at its port), first with the scan's own catalogue, which must
   * reproduce every row, then with a changed one, whose changes diff lists exactly.
   */
  @Test
  void reclassifyingFromKeptAnswersReproducesTheScanAndVersionsTheCatalogue() throws Exception {
    Path copy = dir.resolve("reclassified");
    copyTree(Path.of(warehouse), copy);
    knot.close();
    knot = null;

    Cli.Result same =
        Cli.run(
            "reclassify",
            "--scan-id",
            "e2e",
            "--warehouse",
            copy.toString(),
            "--master",
            "local[2]");
    assertThat(same.code()).as("stderr: %s", same.err()).isZero();
    assertThat(same.out()).contains("classification 1, 10,000 domains, 0 with another provider");

    var versions = spark.read().format("delta").load(copy + "/result_versions");
    var v0 = versions.where("scan_id = 'e2e' AND classification = 0").drop("classification");
    var v1 = versions.where("scan_id = 'e2e' AND classification = 1").drop("classification");
    var current = spark.read().format("delta").load(copy + "/domain_results");
    var original =
        spark.read().format("delta").load(warehouse + "/domain_results").drop("classification");
    assertThat(v0.count()).isEqualTo(DOMAINS);
    assertThat(v1.count()).isEqualTo(DOMAINS);
    assertThat(v0.exceptAll(original).count()).isZero();
    assertThat(original.exceptAll(v1).count()).as("rows the replay did not reproduce").isZero();
    assertThat(v1.exceptAll(original).count()).isZero();
    assertThat(current.where("classification <> 1").count()).isZero();
    assertThat(current.drop("classification").exceptAll(v1).count()).isZero();
    // One observation row per question the results count.
    long questions =
        spark
            .read()
            .format("delta")
            .load(copy + "/dns_observations")
            .where("scan_id = 'e2e'")
            .count();
    long counted = original.agg(org.apache.spark.sql.functions.sum("queries")).first().getLong(0);
    assertThat(questions).isEqualTo(counted).isPositive();

    // A changed catalogue: TransIP now controlled from Belgium, so its domains leave 'national'.
    String yaml = Files.readString(Path.of("conf/providers.yaml"));
    String changed =
        yaml.replace("version: \"2026.12.3\"", "version: \"2026.12.3-be\"")
            .replace(
                "company: TransIP B.V. (team.blue)\n    country: \"NL\"",
                "company: TransIP B.V. (team.blue)\n    country: \"BE\"");
    assertThat(changed).isNotEqualTo(yaml).contains("country: \"BE\"");
    Path catalogue = dir.resolve("providers-be.yaml");
    Files.writeString(catalogue, changed);
    long transip = original.where("provider = 'transip' AND category = 'national'").count();
    assertThat(transip).isPositive();

    Cli.Result next =
        Cli.run(
            "reclassify",
            "--scan-id",
            "e2e",
            "--warehouse",
            copy.toString(),
            "--catalogue",
            catalogue.toString(),
            "--master",
            "local[2]");
    assertThat(next.code()).as("stderr: %s", next.err()).isZero();
    assertThat(next.out())
        .contains("classification 2, 10,000 domains, " + String.format("%,d", transip) + " with");

    Cli.Result diff =
        Cli.run(
            "diff",
            "--from",
            "e2e@1",
            "--to",
            "e2e@2",
            "--warehouse",
            copy.toString(),
            "--format",
            "csv");
    assertThat(diff.code()).as("stderr: %s", diff.err()).isZero();
    List<String> lines = diff.out().lines().skip(1).toList();
    assertThat(lines)
        .hasSize((int) transip)
        .allSatisfy(l -> assertThat(l).contains("transip,transip,national,eu"));
    Cli.Result none =
        Cli.run(
            "diff",
            "--from",
            "e2e@0",
            "--to",
            "e2e@1",
            "--warehouse",
            copy.toString(),
            "--format",
            "csv");
    assertThat(none.out().lines().skip(1).toList()).isEmpty();
    Cli.Result missing =
        Cli.run("diff", "--from", "e2e@0", "--to", "e2e@7", "--warehouse", copy.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("has no classification 7");

    List<Row> described =
        spark
            .read()
            .format("delta")
            .load(copy + "/classifications")
            .orderBy("classification")
            .select("classification", "catalogue_version", "changed")
            .collectAsList();
    assertThat(described).extracting(r -> r.getInt(0)).containsExactly(0, 1, 2);
    assertThat(described)
        .extracting(r -> r.getString(1))
        .containsExactly("2026.12.3", "2026.12.3", "2026.12.3-be");
    assertThat(described.get(2).getLong(2)).isEqualTo(transip);
  }

  @Test
  void explainShowsTheAnswersBehindAGatewayFrontedVerdict() {
    registerTables();
    String domain =
        rows("SELECT domain FROM domain_results WHERE gateway IS NOT NULL AND provider = 'microsoft'"
                + " ORDER BY domain LIMIT 1")
            .get(0)
            .getString(0);

    Cli.Result r = Cli.run("explain", domain, "--warehouse", warehouse);

    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out())
        .contains(domain + " in scan e2e (classification 0")
        .contains(domain + ".")
        .contains(" MX ")
        .contains(" TXT ")
        .contains("v=spf1")
        .contains("selector1._domainkey." + domain + ".")
        .contains("autodiscover." + domain + ".")
        .contains("Evidence")
        .contains("Weight by provider:")
        .contains("Verdict: provider microsoft")
        .contains("behind gateway")
        .contains("Stored row: the same verdict.");
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}

package io.mailsov.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsov.store.Warehouse;
import io.mailsov.testing.Cli;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scan history through the command line, on the hand-written {@link ViewFixture}: {@code --scan-id}
 * on {@code report} and {@code sql}, {@code diff --from --to}, and {@code --as-of} by version and
 * by timestamp.
 */
class ScanHistoryCommandsTest {
  private static String warehouse;

  @BeforeAll
  static void fixture() {
    warehouse = ViewFixture.warehouse();
  }

  @Test
  void reportDescribesTheLatestScanOrTheOneGivenByScanId() throws Exception {
    JsonNode latest = json(run("report", "--warehouse", warehouse, "--format", "json"));
    assertThat(latest.at("/scan/0/scan_id").asText()).isEqualTo("s2");
    assertThat(totalRow(latest).get("domains").asLong()).isEqualTo(14);

    JsonNode first =
        json(run("report", "--warehouse", warehouse, "--scan-id", "s1", "--format", "json"));
    assertThat(first.at("/scan/0/scan_id").asText()).isEqualTo("s1");
    assertThat(totalRow(first).get("domains").asLong()).isEqualTo(15);
    // s1: microsoft m2 and gone2 of 15 = 13.3%; s2: m1 and m2 of 14 = 14.3%.
    assertThat(totalRow(first).get("microsoft %").asDouble()).isEqualTo(13.3);
    assertThat(totalRow(latest).get("microsoft %").asDouble()).isEqualTo(14.3);
  }

  @Test
  void sqlScanIdSelectsScanResults() {
    String query = "SELECT scan_id, count(*) FROM scan_results GROUP BY scan_id";
    assertThat(csv(run("sql", "--warehouse", warehouse, "--format", "csv", query)))
        .containsExactly("s2,14");
    assertThat(
            csv(run("sql", "--warehouse", warehouse, "--scan-id", "s1", "--format", "csv", query)))
        .containsExactly("s1,15");
  }

  @Test
  void unknownOrUnrecordedScanIdsAreUsageErrors() {
    for (String id : List.of("nope", "dead")) {
      Cli.Result r = Cli.run("sql", "--warehouse", warehouse, "--scan-id", id, "SELECT 1");
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err()).contains("No recorded scan with id '" + id + "'");
    }
    Cli.Result diff = Cli.run("diff", "--warehouse", warehouse, "--from", "s1", "--to", "dead");
    assertThat(diff.code()).as(diff.err()).isEqualTo(2);
  }

  @Test
  void diffListsChangedAppearedAndVanishedDomains() {
    String out =
        run("diff", "--warehouse", warehouse, "--from", "s1", "--to", "s2", "--format", "csv");
    assertThat(csv(out))
        .containsExactly(
            "gone.nl,Weg,water,kpn,,national,",
            "gone2.nl,Weg 2,water,microsoft,,microsoft,",
            "h1.nl,Haven 1,harbour,,,,none",
            "m1.nl,,municipality,google,microsoft,google,microsoft",
            "m4.nl,Gemeente D,municipality,kpn,transip,national,national",
            "m6.nl,Gemeente E,municipality,,self,unknown,self_hosted");
  }

  @Test
  void asOfReadsTheWarehouseAsItWasByVersionOrTimestamp() throws Exception {
    String query = "SELECT scan_id FROM scans UNION SELECT scan_id FROM domain_results";
    assertThat(csv(run("sql", "--warehouse", warehouse, "--as-of", "0", "--format", "csv", query)))
        .containsExactly("s1");

    String second = new Warehouse(ViewFixture.spark(), warehouse).commitTimestamp("scans", 1);
    assertThat(
            csv(
                run(
                    "sql",
                    "--warehouse",
                    warehouse,
                    "--as-of",
                    second,
                    "--format",
                    "csv",
                    query + " ORDER BY scan_id")))
        .containsExactly("s1", "s2");

    JsonNode report =
        json(run("report", "--warehouse", warehouse, "--as-of", "0", "--format", "json"));
    assertThat(report.at("/scan/0/scan_id").asText()).isEqualTo("s1");

    Cli.Result bad =
        Cli.run("sql", "--warehouse", warehouse, "--as-of", "last tuesday", "SELECT 1");
    assertThat(bad.code()).as(bad.err()).isEqualTo(2);
    assertThat(bad.err()).contains("Invalid --as-of 'last tuesday'");
  }

  private static String run(String... args) {
    Cli.Result r = Cli.run(args);
    assertThat(r.code()).as("%s: %s", String.join(" ", args), r.err()).isZero();
    return r.out();
  }

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  private static JsonNode totalRow(JsonNode report) {
    for (JsonNode row : report.get("sector_share")) {
      if (row.get("sector").asText().equals("(all)")) {
        return row;
      }
    }
    throw new AssertionError("no (all) row in " + report.get("sector_share"));
  }

  /** CSV lines without the header. */
  private static List<String> csv(String text) {
    return new ArrayList<>(text.lines().skip(1).toList());
  }
}

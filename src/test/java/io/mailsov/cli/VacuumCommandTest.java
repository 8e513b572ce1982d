package io.mailsov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import picocli.CommandLine;

/** The retention command: which scans it drops, which files it deletes, and what it refuses. */
class VacuumCommandTest {
  @TempDir static Path dir;
  private static Path template;

  /**
   * One warehouse with three scans, copied for each test: "old" started 60 days ago, "older" 90
   * days ago (both backdated after the fact), "new" now. Scan "old" has a reject.
   */
  @BeforeAll
  static void scanThreeTimes() throws Exception {
    Name outlook = Name.fromConstantString("x-nl.mail.protection.outlook.com.");
    List<org.xbill.DNS.Record> records =
        List.of(
            new MXRecord(Name.fromConstantString("a.nl."), DClass.IN, 60, 10, outlook),
            new MXRecord(Name.fromConstantString("b.nl."), DClass.IN, 60, 10, outlook));
    template = dir.resolve("template");
    try (AuthoritativeServer server =
        AuthoritativeServer.start(ZoneData.of(records), Faults.none())) {
      Path list = dir.resolve("list.txt");
      Files.writeString(list, "a.nl\nb.nl\nnot a domain\n");
      for (String id : List.of("older", "old", "new")) {
        Cli.quickMxScan(list, template.toString(), id, server.port());
      }
    }
    DeltaTable scans = DeltaTable.forPath(SparkSession.active(), template + "/scans");
    scans.updateExpr(
        "scan_id = 'old'", Map.of("started_at", "current_timestamp() - INTERVAL 60 DAYS"));
    scans.updateExpr(
        "scan_id = 'older'", Map.of("started_at", "current_timestamp() - INTERVAL 90 DAYS"));
  }

  private static Path copy(String name) throws IOException {
    Path target = dir.resolve(name);
    try (Stream<Path> files = Files.walk(template)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(template.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  /** Runs the command class on its own; returns what it printed. */
  private static String vacuum(Path warehouse, String... args) throws IOException {
    VacuumCommand command = new VacuumCommand();
    new CommandLine(command)
        .parseArgs(
            Stream.concat(
                    Stream.of("--warehouse", warehouse.toString(), "--master", "local[2]"),
                    Stream.of(args))
                .toArray(String[]::new));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThat(command.call()).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static List<String> scanIds(Path warehouse, String table) {
    return SparkSession.active()
        .read()
        .format("delta")
        .load(warehouse + "/" + table)
        .select("scan_id")
        .distinct()
        .orderBy("scan_id")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private static long parquetFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void dropsScansOlderThanTheCutoffFromEveryTableButKeepsTheirFilesForTimeTravel()
      throws Exception {
    Path w = copy("drop");

    String printed = vacuum(w, "--drop-scans-older-than", "30");

    assertThat(printed).contains("dropping 2 scans").contains("older, old");
    for (String table : List.of("scans", "domain_results", "rejects")) {
      assertThat(scanIds(w, table)).as(table).containsExactly("new");
    }
    // The default --keep-days 30 deletes nothing that left the tables just now.
    assertThat(parquetFiles(w.resolve("domain_results/scan_id=old"))).isPositive();
    assertThat(printed).contains("domain_results: deleted 0 files unused for more than 30 days");
    long before =
        SparkSession.active()
            .read()
            .format("delta")
            .option("versionAsOf", 2)
            .load(w + "/domain_results")
            .where("scan_id = 'old'")
            .count();
    assertThat(before).as("time travel to before the drop").isEqualTo(2);
  }

  @Test
  void forcedShortRetentionDeletesTheFilesOfDroppedScans() throws Exception {
    Path w = copy("force");
    vacuum(w, "--drop-scans-older-than", "75");
    assertThat(scanIds(w, "domain_results")).containsExactly("new", "old");
    assertThat(parquetFiles(w.resolve("domain_results/scan_id=older"))).isPositive();

    String printed = vacuum(w, "--keep-days", "0", "--force");

    assertThat(parquetFiles(w.resolve("domain_results/scan_id=older"))).isZero();
    assertThat(parquetFiles(w.resolve("domain_results/scan_id=old"))).isPositive();
    assertThat(parquetFiles(w.resolve("rejects/scan_id=older"))).isZero();
    assertThat(printed).containsPattern("domain_results: deleted [1-9][0-9]* files?");
    assertThat(scanIds(w, "domain_results")).containsExactly("new", "old");
  }

  @Test
  void theLatestScanIsKeptEvenWhenItIsOlderThanTheCutoff() throws Exception {
    Path w = copy("latest");
    DeltaTable.forPath(SparkSession.active(), w + "/scans")
        .updateExpr(
            "scan_id = 'new'", Map.of("started_at", "current_timestamp() - INTERVAL 40 DAYS"));

    vacuum(w, "--drop-scans-older-than", "30");

    assertThat(scanIds(w, "scans")).containsExactly("new");
    assertThat(scanIds(w, "domain_results")).containsExactly("new");
  }

  @Test
  void dryRunChangesNothing() throws Exception {
    Path w = copy("dry");

    String printed = vacuum(w, "--drop-scans-older-than", "30", "--dry-run");

    assertThat(printed).contains("would drop 2 scans").contains("would delete");
    assertThat(scanIds(w, "domain_results")).containsExactly("new", "old", "older");
  }

  @Test
  void refusesLessThanDeltasSevenDaysUnlessForced() throws Exception {
    Path w = copy("refuse");
    VacuumCommand command = new VacuumCommand();
    new CommandLine(command).parseArgs("--warehouse", w.toString(), "--keep-days", "3");

    assertThatThrownBy(command::call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--keep-days 3")
        .hasMessageContaining("--force");
    assertThat(scanIds(w, "scans")).containsExactly("new", "old", "older");
  }

  @Test
  void refusesAFolderWithoutScans() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    VacuumCommand command = new VacuumCommand();
    new CommandLine(command).parseArgs("--warehouse", empty.toString(), "--master", "local[2]");

    assertThatThrownBy(command::call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no Delta table 'scans'");
  }
}

package io.mailsov.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.testing.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/**
 * A scan whose JVM dies half-way leaves nothing visible: Delta commits nothing for the unfinished
 * write, and the views read only scans recorded in {@code scans}.
 */
class KilledScanTest {
  @TempDir Path dir;

  @Test
  void scanKilledWhileResolvingLeavesNoVisibleRows() throws Exception {
    List<org.xbill.DNS.Record> records = new ArrayList<>();
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      String domain = "d" + i + ".nl";
      records.add(
          new MXRecord(
              Name.fromConstantString(domain + "."),
              DClass.IN,
              60,
              10,
              Name.fromConstantString("aspmx.l.google.com.")));
      list.append(domain).append('\n');
    }
    Path input = dir.resolve("list.txt");
    Files.writeString(input, list);
    String warehouse = dir.resolve("w").toString();

    // A first, complete scan; the slow server below is for the second one only.
    try (AuthoritativeServer fast =
        AuthoritativeServer.start(ZoneData.of(records), Faults.none())) {
      Cli.Result first =
          Cli.run(
              "scan",
              "--domains",
              input.toString(),
              "--warehouse",
              warehouse,
              "--scan-id",
              "complete",
              "--resolvers",
              "127.0.0.1:" + fast.port(),
              "--master",
              "local[2]");
      assertThat(first.code()).as(first.err()).isZero();
    }

    Faults slow =
        Faults.builder()
            .suffix(Name.fromConstantString("nl."), Faults.Action.delay(Duration.ofMillis(500)))
            .build();
    try (AuthoritativeServer server = AuthoritativeServer.start(ZoneData.of(records), slow)) {
      Process scan = startScanInAnotherJvm(input, warehouse, server.port());
      try {
        waitForLine(scan, "[2/4] resolving", Duration.ofSeconds(90));
        Thread.sleep(1500);
      } finally {
        scan.destroyForcibly();
        scan.waitFor(30, TimeUnit.SECONDS);
      }
    }

    SparkSession spark = SparkSession.active();
    long killedRows =
        spark
            .read()
            .format("delta")
            .load(warehouse + "/domain_results")
            .where("scan_id = 'killed'")
            .count();
    assertThat(killedRows).as("rows of the killed scan").isZero();
    Cli.Result latest =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
            "SELECT scan_id, count(*) FROM latest_results GROUP BY scan_id");
    assertThat(latest.code()).as(latest.err()).isZero();
    assertThat(latest.out()).contains("complete,400").doesNotContain("killed");
  }

  private static Process startScanInAnotherJvm(Path input, String warehouse, int port)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.mailsov.cli.Main",
                "scan",
                "--domains",
                input.toString(),
                "--warehouse",
                warehouse,
                "--scan-id",
                "killed",
                "--resolvers",
                "127.0.0.1:" + port,
                "--master",
                "local[2]",
                "--domains-per-partition",
                "50"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private static void waitForLine(Process p, String text, Duration deadline) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while (System.nanoTime() < end && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains(text)) {
        return;
      }
    }
    throw new AssertionError("the scan never printed '" + text + "'; it printed:\n" + seen);
  }
}

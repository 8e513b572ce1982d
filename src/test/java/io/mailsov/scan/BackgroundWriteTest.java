package io.mailsov.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.store.Tables;
import io.mailsov.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/**
 * The rejects, and one of the two result tables, are written on threads of their own beside the
 * scan's other work. A failure there must fail the scan like any other: the scan is not recorded in
 * {@code scans}, and the command says which table could not be written.
 */
class BackgroundWriteTest {
  @TempDir static Path dir;
  private static AuthoritativeServer server;

  @BeforeAll
  static void serve() throws Exception {
    Name google = Name.fromConstantString("aspmx.l.google.com.");
    server =
        AuthoritativeServer.start(
            ZoneData.of(
                List.of(
                    new MXRecord(Name.fromConstantString("a.nl."), DClass.IN, 60, 10, google),
                    new MXRecord(Name.fromConstantString("b.nl."), DClass.IN, 60, 10, google))),
            Faults.none());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Cli.Result scan(Path list, Path warehouse) {
    return Cli.run(
        "scan",
        "--domains",
        list.toString(),
        "--warehouse",
        warehouse.toString(),
        "--scan-id",
        "s1",
        "--resolvers",
        "127.0.0.1:" + server.port(),
        "--signals",
        "mx",
        "--master",
        "local[2]",
        "--timeout",
        "300ms",
        "--retries",
        "1");
  }

  @Test
  void aRejectsTableThatCannotBeWrittenFailsTheScanAndLeavesItUnrecorded() throws Exception {
    Path list = dir.resolve("list.txt");
    Files.writeString(list, "a.nl\nb.nl\nnot a domain\n");
    Path warehouse = dir.resolve("w1");
    Files.createDirectories(warehouse);
    // A plain file where the table's folder belongs: no Delta log can be created under it.
    Files.writeString(warehouse.resolve(Tables.REJECTS), "in the way");

    Cli.Result r = scan(list, warehouse);

    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isNotZero();
    assertThat(r.err()).contains("Writing rejects failed");
    assertThat(warehouse.resolve(Tables.SCANS)).doesNotExist();
    // The results were written: the failure came from the background write, not from them.
    assertThat(warehouse.resolve(Tables.DOMAIN_RESULTS).resolve("_delta_log")).isDirectory();
  }

  @Test
  void aResultsTableThatCannotBeWrittenFailsTheScanAndLeavesItUnrecorded() throws Exception {
    Path list = dir.resolve("list2.txt");
    Files.writeString(list, "a.nl\nb.nl\n");
    Path warehouse = dir.resolve("w2");
    Files.createDirectories(warehouse);
    Files.writeString(warehouse.resolve(Tables.DOMAIN_RESULTS), "in the way");

    Cli.Result r = scan(list, warehouse);

    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isNotZero();
    assertThat(r.err()).contains("Writing domain_results failed");
    assertThat(warehouse.resolve(Tables.SCANS)).doesNotExist();
    // The observations, written beside it, went through.
    assertThat(warehouse.resolve(Tables.DNS_OBSERVATIONS).resolve("_delta_log")).isDirectory();
  }
}

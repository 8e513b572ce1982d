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

  /**
   * Scans a small list into a warehouse where a plain file sits in the place of {@code blocked}'s
   * folder, so that no Delta log can be created for it, and checks that the scan failed for that
   * reason, is not recorded, and that {@code writtenBeside}, written at the same time, went
   * through.
   */
  private static void assertScanFailsOn(String blocked, String writtenBeside) throws Exception {
    Path list = dir.resolve(blocked + ".txt");
    Files.writeString(list, "a.nl\nb.nl\nnot a domain\n");
    Path warehouse = dir.resolve("w-" + blocked);
    Files.createDirectories(warehouse);
    Files.writeString(warehouse.resolve(blocked), "in the way");

    Cli.Result r = Cli.tryQuickMxScan(list, warehouse.toString(), "s1", server.port());

    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isNotZero();
    assertThat(r.err()).contains("Writing " + blocked + " failed");
    assertThat(warehouse.resolve(Tables.SCANS)).doesNotExist();
    assertThat(warehouse.resolve(writtenBeside).resolve("_delta_log")).isDirectory();
  }

  @Test
  void aRejectsTableThatCannotBeWrittenFailsTheScanAndLeavesItUnrecorded() throws Exception {
    // The rejects are written while the domains resolve; the results after them.
    assertScanFailsOn(Tables.REJECTS, Tables.DOMAIN_RESULTS);
  }

  @Test
  void aResultsTableThatCannotBeWrittenFailsTheScanAndLeavesItUnrecorded() throws Exception {
    assertScanFailsOn(Tables.DOMAIN_RESULTS, Tables.DNS_OBSERVATIONS);
  }
}

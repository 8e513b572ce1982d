package io.mailsov.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.sample.SampleDomain;
import io.mailsov.sample.SampleWorld;
import io.mailsov.testing.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Two scans of one zone set, the second after 5% of the domains moved their mail from Microsoft to
 * a Dutch hoster: {@code diff} lists exactly those domains, and the migration matrix accounts for
 * every domain.
 */
class ChangesBetweenScansTest {
  @TempDir Path dir;

  @Test
  void diffListsExactlyTheMovedDomainsAndTheMatrixSumsToTheDomainCount() throws Exception {
    SampleWorld world = SampleWorld.generate(55L, 2000, 0);
    Path input = dir.resolve("domains.csv");
    world.writeCsv(input);
    Set<Name> origins = new HashSet<>(world.servedOrigins());
    origins.addAll(world.servfailOrigins());
    List<org.xbill.DNS.Record> before = new ArrayList<>();
    world.zones().values().forEach(before::addAll);

    Set<String> moved = new TreeSet<>();
    for (SampleDomain d : world.domains()) {
      if ("microsoft".equals(d.expectedProvider()) && moved.size() < 100) {
        moved.add(d.domain());
      }
    }
    List<org.xbill.DNS.Record> after = new ArrayList<>();
    for (org.xbill.DNS.Record r : before) {
      String owner = r.getName().toString(true);
      if (r.getType() == Type.MX && moved.contains(owner)) {
        continue;
      }
      after.add(r);
    }
    for (String domain : moved) {
      after.add(
          new MXRecord(
              Name.fromConstantString(domain + "."),
              DClass.IN,
              300,
              10,
              Name.fromConstantString("mx.transip.email.")));
    }

    String warehouse = dir.resolve("w").toString();
    scan(input, warehouse, "before", ZoneData.of(before, origins), world);
    scan(input, warehouse, "after", ZoneData.of(after, origins), world);

    Cli.Result diff =
        Cli.run(
            "diff",
            "--warehouse",
            warehouse,
            "--from",
            "before",
            "--to",
            "after",
            "--format",
            "csv");
    assertThat(diff.code()).as(diff.err()).isZero();
    Set<String> listed = new TreeSet<>();
    diff.out().lines().skip(1).forEach(l -> listed.add(l.split(",")[0]));
    assertThat(listed).isEqualTo(moved);
    assertThat(diff.out()).contains("microsoft,transip,microsoft,national");

    Cli.Result matrix =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
            "SELECT sum(domains), sum(CASE WHEN from_category <> to_category THEN domains END)"
                + " FROM migration_matrix WHERE from_scan_id = 'before'");
    assertThat(matrix.code()).as(matrix.err()).isZero();
    assertThat(matrix.out().lines().skip(1).findFirst()).hasValue("2000,100");
  }

  private static void scan(
      Path input, String warehouse, String id, ZoneData zones, SampleWorld world) throws Exception {
    Faults.Builder faults = Faults.builder();
    world.servfailOrigins().forEach(o -> faults.suffix(o, Faults.Action.SERVFAIL));
    try (AuthoritativeServer server = AuthoritativeServer.start(zones, faults.build())) {
      Cli.Result r =
          Cli.run(
              "scan",
              "--domains",
              input.toString(),
              "--warehouse",
              warehouse,
              "--scan-id",
              id,
              "--resolvers",
              "127.0.0.1:" + server.port(),
              "--master",
              "local[2]");
      assertThat(r.code()).as(r.err()).isZero();
    }
  }
}

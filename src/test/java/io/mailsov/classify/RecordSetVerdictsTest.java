package io.mailsov.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.Resolver;
import io.mailsov.dns.ResolverSettings;
import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.probe.HostAddress;
import io.mailsov.probe.MailObservation;
import io.mailsov.probe.MailProbe;
import io.mailsov.probe.ProbePlan;
import io.mailsov.probe.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * Every provider's realistic record set ({@link ProviderRecordSetsTest#DIR}) served by the embedded
 * authoritative server, probed with every signal and classified: the verdict must name the
 * provider, gateway and DNS operator its {@code ; expect:} line gives. The providers' own names
 * (their SPF records, their hosts' addresses) are not served, as for a domain whose provider
 * answers slowly or not at all: the verdict must come from the customer's own records.
 */
class RecordSetVerdictsTest {
  private static final Pattern EXPECT =
      Pattern.compile("; expect: provider=(\\S+) gateway=(\\S+) dns=(\\S+)");
  private static final Catalogue CATALOGUE = Catalogue.load(Path.of("conf", "providers.yaml"));

  private static AuthoritativeServer server;
  private static Resolver resolver;

  record Case(String file, String domain, String provider, String gateway, String dns) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(ProviderRecordSetsTest.DIR))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".zone")).sorted().toList()) {
        Matcher m = EXPECT.matcher(Files.readAllLines(f).get(0));
        assertThat(m.matches()).as(f + " starts with an expect line").isTrue();
        String origin = origin(f).toString(true);
        out.add(
            new Case(
                f.getFileName().toString(),
                origin,
                orNull(m.group(1)),
                orNull(m.group(2)),
                orNull(m.group(3))));
      }
    }
    return out;
  }

  private static String orNull(String s) {
    return s.equals("-") ? null : s;
  }

  private static Name origin(Path zone) throws IOException {
    try (Master m = new Master(zone.toString())) {
      for (org.xbill.DNS.Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        if (r instanceof SOARecord) {
          return r.getName();
        }
      }
    }
    throw new IllegalStateException(zone + " has no SOA");
  }

  @BeforeAll
  static void serve() throws IOException {
    List<org.xbill.DNS.Record> records = new ArrayList<>();
    Set<Name> origins = new HashSet<>();
    try (Stream<Path> files = Files.list(Path.of(ProviderRecordSetsTest.DIR))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".zone")).toList()) {
        origins.add(origin(f));
        try (Master m = new Master(f.toString())) {
          for (org.xbill.DNS.Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
            records.add(r);
          }
        }
      }
    }
    server = AuthoritativeServer.start(ZoneData.of(records, origins), Faults.none());
    resolver =
        Resolver.create(
            new ResolverSettings(
                List.of(new ResolverSettings.Server("127.0.0.1", server.port())),
                Duration.ofMillis(500),
                Duration.ofMillis(500),
                2,
                200,
                1000,
                1232,
                0));
  }

  @AfterAll
  static void stop() {
    resolver.close();
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRecordSetIsClassifiedAsItsProviderWouldExpect(Case c) {
    MailProbe probe =
        new MailProbe(resolver, HostAddress::unannotated, ProbePlan.all(CATALOGUE.dkimSelectors()));
    MailObservation obs = probe.probe(c.domain()).join().observation();
    Verdict v = new Classifier(CATALOGUE, "NL").classify(obs);

    assertThat(obs.status()).isIn(Status.OK, Status.NO_MX);
    assertThat(v.provider()).as("provider; evidence %s", v.evidence()).isEqualTo(c.provider());
    assertThat(v.gateway()).as("gateway; evidence %s", v.evidence()).isEqualTo(c.gateway());
    assertThat(v.dnsProvider()).as("DNS operator; NS %s", obs.signals().ns()).isEqualTo(c.dns());
  }
}

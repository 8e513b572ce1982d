package io.mailsov.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.sample.SampleDomain;
import io.mailsov.sample.SampleWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class KnotServerTest {
  @TempDir static Path workDir;

  private static SampleWorld world;
  private static KnotServer knot;
  private static SimpleResolver resolver;

  @BeforeAll
  static void start() throws IOException {
    world = SampleWorld.generate(11, 2_000, 0);
    knot = KnotServer.start(workDir, world);
    resolver = knot.resolver();
  }

  @AfterAll
  static void stop() {
    if (knot != null) {
      knot.close();
    }
  }

  @Test
  void microsoftTenantGetsItsOwnExchangeWithAddresses() throws IOException {
    SampleDomain domain = first(d -> "microsoft".equals(d.expectedProvider()));

    Message mx = query(domain.domain(), Type.MX);

    assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
    List<org.xbill.DNS.Record> answers = mx.getSection(Section.ANSWER);
    assertThat(answers).singleElement().isInstanceOf(MXRecord.class);
    Name exchange = ((MXRecord) answers.get(0)).getTarget();
    String tenant = domain.domain().replace('.', '-');
    assertThat(exchange.toString(true))
        .matches(tenant + "\\.(mail\\.protection\\.outlook\\.com|[a-z]-v1\\.mx\\.microsoft)");
    assertThat(query(exchange.toString(), Type.A).getSection(Section.ANSWER))
        .hasSize(2)
        .allMatch(ARecord.class::isInstance);
  }

  @Test
  void googleTenantsShareAspmx() throws IOException {
    SampleDomain domain = first(d -> "google".equals(d.expectedProvider()));

    List<org.xbill.DNS.Record> answers = query(domain.domain(), Type.MX).getSection(Section.ANSWER);

    assertThat(answers)
        .hasSize(5)
        .anyMatch(r -> ((MXRecord) r).getTarget().toString().equals("aspmx.l.google.com."));
  }

  @Test
  void missingDomainIsNxdomain() throws IOException {
    SampleDomain domain = first(d -> d.expectedStatus().equals("nxdomain"));

    assertThat(Rcode.string(query(domain.domain(), Type.MX).getRcode())).isEqualTo("NXDOMAIN");
  }

  @Test
  void domainUnderAnUnloadableZoneIsServfail() throws IOException {
    SampleDomain domain = first(d -> d.expectedStatus().equals("servfail"));

    assertThat(world.servfailOrigins())
        .anyMatch(o -> Name.fromConstantString(domain.domain() + ".").subdomain(o));
    assertThat(Rcode.string(query(domain.domain(), Type.MX).getRcode())).isEqualTo("SERVFAIL");
  }

  @Test
  void domainUnderAnUnservedTldIsRefused() throws IOException {
    SampleDomain domain = first(d -> d.expectedStatus().equals("refused"));

    assertThat(Rcode.string(query(domain.domain(), Type.MX).getRcode())).isEqualTo("REFUSED");
  }

  @Test
  void domainWithoutMxIsNodataWithSoa() throws IOException {
    SampleDomain domain = first(d -> d.expectedStatus().equals("no_mx"));

    Message mx = query(domain.domain(), Type.MX);

    // RFC 2308 section 2.2: NOERROR, empty answer, SOA in the authority section.
    assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(mx.getSection(Section.ANSWER)).isEmpty();
    assertThat(mx.getSection(Section.AUTHORITY)).anyMatch(SOARecord.class::isInstance);
    assertThat(query(domain.domain(), Type.A).getSection(Section.ANSWER)).isNotEmpty();
  }

  @Test
  void nullMxDomainAnswersMxZeroDot() throws IOException {
    SampleDomain domain = first(d -> d.expectedStatus().equals("null_mx"));

    List<org.xbill.DNS.Record> answers = query(domain.domain(), Type.MX).getSection(Section.ANSWER);

    assertThat(answers)
        .singleElement()
        .matches(r -> ((MXRecord) r).getPriority() == 0)
        .matches(r -> ((MXRecord) r).getTarget().equals(Name.root));
  }

  @Test
  void closeEndsTheKnotProcess(@TempDir Path otherDir) throws IOException {
    KnotServer second = KnotServer.start(otherDir, SampleWorld.generate(12, 100, 0));
    long pid = second.pid();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(second.port()).isNotEqualTo(knot.port());

    second.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(query(knot, first(d -> d.expectedStatus().equals("ok")).domain()).getRcode())
        .as("the first server keeps running")
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void configDeclaresServfailOriginsWithAFileThatDoesNotExist() throws IOException {
    String conf = Files.readString(workDir.resolve("knot.conf"));

    for (Name origin : world.servfailOrigins()) {
      assertThat(conf).contains("domain: \"" + origin + "\"");
      String file = origin.toString(true) + ".zone";
      assertThat(workDir.resolve("zones").resolve(file)).doesNotExist();
    }
    assertThat(conf).contains("udp-workers: 2", "journal-content: none", "zonefile-sync: -1");
  }

  private static SampleDomain first(Predicate<SampleDomain> which) {
    return world.domains().stream().filter(which).findFirst().orElseThrow();
  }

  private static Message query(String name, int type) throws IOException {
    String absolute = name.endsWith(".") ? name : name + ".";
    return resolver.send(
        Message.newQuery(
            org.xbill.DNS.Record.newRecord(Name.fromString(absolute), type, DClass.IN)));
  }

  private static Message query(KnotServer server, String domain) throws IOException {
    return server
        .resolver()
        .send(
            Message.newQuery(
                org.xbill.DNS.Record.newRecord(Name.fromString(domain + "."), Type.MX, DClass.IN)));
  }
}

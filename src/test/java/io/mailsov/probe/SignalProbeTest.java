package io.mailsov.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.Resolver;
import io.mailsov.dns.ResolverSettings;
import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;

/** The all-signals probe against the embedded authoritative server. */
class SignalProbeTest {
  private static final List<String> SELECTORS = List.of("selector1", "selector2", "google");

  private static final String ZONES =
      """
      $TTL 300
      ; A municipality behind a Dutch filter, mailboxes at Microsoft.
      gemeente.nl.            MX    10 gemeente-nl.filter.example.
      gemeente.nl.            TXT   "MS=ms12345678"
      gemeente.nl.            TXT   "v=spf1 include:spf.filter.example include:spf.protection.outlook.com -all"
      gemeente.nl.            NS    ns1.dns.example.
      gemeente.nl.            NS    ns2.dns.example.
      gemeente.nl.            A     192.0.2.80
      www.gemeente.nl.        CNAME gemeente.nl.
      selector1._domainkey.gemeente.nl. CNAME selector1-gemeente-nl._domainkey.gemeente.onmicrosoft.com.
      selector2._domainkey.gemeente.nl. CNAME selector2-gemeente-nl._domainkey.gemeente.onmicrosoft.com.
      autodiscover.gemeente.nl. CNAME autodiscover.outlook.com.
      _autodiscover._tcp.gemeente.nl. SRV 0 0 443 autodiscover.outlook.com.
      _dmarc.gemeente.nl.     TXT   "v=DMARC1; p=reject; rua=mailto:dmarc@gemeente.nl"
      gemeente-nl.filter.example. A 192.0.2.25
      spf.filter.example.     TXT   "v=spf1 ip4:192.0.2.0/24 -all"
      spf.protection.outlook.com. TXT "v=spf1 ip4:40.92.0.0/15 -all"
      autodiscover.outlook.com. A 192.0.2.99
      ; No MX at all, but DNS and a web site.
      nomx.nl.                NS    ns1.dns.example.
      nomx.nl.                AAAA  2001:db8::80
      ; Hostile text in TXT records.
      hostile.nl.             MX    10 mx.filter.example.
      hostile.nl.             TXT   "'; DROP TABLE domain_results; --"
      hostile.nl.             TXT   "<script>alert(1)</script>\\007\\010"
      mx.filter.example.      A     192.0.2.26
      """;

  private static AuthoritativeServer server;
  private static Resolver resolver;

  @BeforeAll
  static void start() throws Exception {
    List<org.xbill.DNS.Record> records = new ArrayList<>();
    try (Master m =
        new Master(new ByteArrayInputStream(ZONES.getBytes(StandardCharsets.US_ASCII)))) {
      for (org.xbill.DNS.Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        records.add(r);
      }
    }
    Set<Name> origins =
        Set.of(
            Name.fromConstantString("nl."),
            Name.fromConstantString("example."),
            Name.fromConstantString("com."));
    server = AuthoritativeServer.start(ZoneData.of(records, origins), Faults.none());
    resolver =
        Resolver.create(
            new ResolverSettings(
                List.of(new ResolverSettings.Server("127.0.0.1", server.port())),
                Duration.ofMillis(500),
                Duration.ofMillis(500),
                2,
                100,
                1000,
                1232,
                0));
  }

  @AfterAll
  static void stop() {
    resolver.close();
    server.close();
  }

  private static MailObservation probe(ProbePlan plan, String domain) {
    return new MailProbe(resolver, HostAddress::unannotated, plan)
        .probe(domain)
        .join()
        .observation();
  }

  @Test
  void everySignalOfAGatewayFrontedDomainIsCollected() {
    MailObservation o = probe(ProbePlan.all(SELECTORS), "gemeente.nl");
    Signals s = o.signals();

    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.mx()).extracting(MxHost::host).containsExactly("gemeente-nl.filter.example");
    assertThat(s.txt()).contains("MS=ms12345678");
    assertThat(s.spf().targets())
        .extracting(SpfExpansion.Target::domain)
        .containsExactly("spf.filter.example", "spf.protection.outlook.com");
    assertThat(s.spf().error()).isNull();
    assertThat(s.dkim())
        .containsExactly(
            new Signals.Dkim(
                "selector1", "selector1-gemeente-nl._domainkey.gemeente.onmicrosoft.com"),
            new Signals.Dkim(
                "selector2", "selector2-gemeente-nl._domainkey.gemeente.onmicrosoft.com"));
    assertThat(s.autodiscover())
        .containsExactly("autodiscover.outlook.com", "autodiscover.outlook.com");
    assertThat(s.dmarc()).startsWith("v=DMARC1; p=reject");
    assertThat(s.ns()).containsExactly("ns1.dns.example", "ns2.dns.example");
    assertThat(s.web()).extracting(HostAddress::ip).containsExactly("192.0.2.80");
    assertThat(s.wwwAliases()).containsExactly("gemeente.nl");
    assertThat(s.problems()).isEmpty();
    // MX, A+AAAA of the host, TXT, 2 SPF includes, 3 DKIM, 2 autodiscover, DMARC, NS, 4 web:
    // 18, less one, since www is an alias of the apex and the apex A is asked once per domain.
    assertThat(o.queries()).isEqualTo(17);
  }

  @Test
  void mxOnlyPlanAsksNothingElse() {
    MailObservation o = probe(ProbePlan.MX_ONLY, "gemeente.nl");

    assertThat(o.signals()).isEqualTo(Signals.NONE);
    assertThat(o.queries()).isEqualTo(3);
  }

  @Test
  void aDomainWithoutMxStillShowsItsDnsAndWebOperators() {
    MailObservation o = probe(ProbePlan.all(SELECTORS), "nomx.nl");

    assertThat(o.status()).isEqualTo(Status.NO_MX);
    assertThat(o.signals().ns()).containsExactly("ns1.dns.example");
    assertThat(o.signals().web()).extracting(HostAddress::ip).containsExactly("2001:db8::80");
    assertThat(o.signals().spf()).isEqualTo(SpfExpansion.NONE);
  }

  @Test
  void aDomainThatDoesNotExistCostsOneQuestion() {
    MailObservation o = probe(ProbePlan.all(SELECTORS), "missing.nl");

    assertThat(o.status()).isEqualTo(Status.NXDOMAIN);
    assertThat(o.signals()).isEqualTo(Signals.NONE);
    assertThat(o.queries()).isEqualTo(1);
  }

  @Test
  void hostileTxtIsKeptAsDataNotInterpreted() {
    MailObservation o = probe(ProbePlan.all(SELECTORS), "hostile.nl");

    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.signals().txt())
        .containsExactlyInAnyOrder(
            "'; DROP TABLE domain_results; --", "<script>alert(1)</script>\u0007\n");
    assertThat(o.signals().spf()).isEqualTo(SpfExpansion.NONE);
  }
}

package io.mailsov.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.asn.AsnDatabase;
import io.mailsov.classify.Catalogue;
import io.mailsov.classify.Classifier;
import io.mailsov.dns.DnsAnswer;
import io.mailsov.dns.Resolver;
import io.mailsov.dns.ResolverSettings;
import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.probe.DnsObservation;
import io.mailsov.probe.HostAddress;
import io.mailsov.probe.MailProbe;
import io.mailsov.probe.ProbePlan;
import io.mailsov.probe.Probed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A domain probed live against the embedded server, its answers turned into table rows and back,
 * and probed again from them: the observation and the verdict must come out the same, whatever the
 * server did (faults, hostile text, aliases, TCP).
 */
class ReplayFidelityTest {
  private static final String ZONES =
      """
      $TTL 300
      ; Microsoft 365 behind a filtering gateway: the MX names the gateway only.
      gemeente.nl.            MX    10 gemeente-nl.mail.protection.pphosted.com.
      gemeente.nl.            TXT   "MS=ms12345678"
      gemeente.nl.            TXT   "v=spf1 include:spf.protection.outlook.com include:gemeente.nl -all"
      gemeente.nl.            NS    ns1.dns.example.
      gemeente.nl.            A     192.0.2.80
      www.gemeente.nl.        CNAME gemeente.nl.
      selector1._domainkey.gemeente.nl. CNAME selector1-gemeente-nl._domainkey.gemeente.onmicrosoft.com.
      selector2._domainkey.gemeente.nl. CNAME selector2-gemeente-nl._domainkey.gemeente.onmicrosoft.com.
      autodiscover.gemeente.nl. CNAME autodiscover.outlook.com.
      _dmarc.gemeente.nl.     TXT   "v=DMARC1; p=reject"
      gemeente-nl.mail.protection.pphosted.com. A 192.0.2.25
      spf.protection.outlook.com. TXT "v=spf1 ip4:40.92.0.0/15 -all"
      ; An MX host behind two aliases, one of them also the apex's.
      alias.nl.               MX    10 mail.alias.nl.
      alias.nl.               MX    20 alias.nl.
      alias.nl.               A     192.0.2.30
      mail.alias.nl.          CNAME relay.alias.nl.
      relay.alias.nl.         CNAME alias.nl.
      ; Hostile text: SQL, HTML, control characters, bytes that are not UTF-8, quotes.
      hostile.nl.             MX    10 mx.hostile.nl.
      hostile.nl.             TXT   "'; DROP TABLE domain_results; --"
      hostile.nl.             TXT   "<script>alert(1)</script>\\007\\010\\255\\000" "second \\"quoted\\" string"
      hostile.nl.             TXT   "v=spf1 include:loop.hostile.nl -all"
      loop.hostile.nl.        TXT   "v=spf1 include:hostile.nl -all"
      mx.hostile.nl.          A     192.0.2.26
      mx.hostile.nl.          AAAA  2001:db8::26
      ; Faults on some of its questions (see below).
      faulty.nl.              MX    10 mx.faulty.nl.
      faulty.nl.              MX    20 192.0.2.1.
      faulty.nl.              TXT   "v=spf1 include:spf.faulty.nl -all"
      spf.faulty.nl.          TXT   "v=spf1 -all"
      mx.faulty.nl.           A     192.0.2.27
      ; Null MX, and a name that does not exist.
      nullmx.nl.              MX    0 .
      nullmx.nl.              NS    ns1.dns.example.
      """;

  private static AuthoritativeServer server;
  private static Resolver resolver;
  private static final Catalogue CATALOGUE = Catalogue.loadDefault();
  private static final ProbePlan PLAN = ProbePlan.all(CATALOGUE.dkimSelectors());

  @BeforeAll
  static void start() throws Exception {
    List<org.xbill.DNS.Record> records = new ArrayList<>();
    try (Master m =
        new Master(new ByteArrayInputStream(ZONES.getBytes(StandardCharsets.ISO_8859_1)))) {
      for (org.xbill.DNS.Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        records.add(r);
      }
    }
    Set<Name> origins = Set.of(name("nl."), name("example."), name("com."));
    Faults faults =
        Faults.builder()
            .exact(name("spf.faulty.nl."), Type.TXT, Faults.Action.SERVFAIL)
            .exact(name("_dmarc.faulty.nl."), Faults.Action.DROP)
            .exact(name("faulty.nl."), Type.TXT, Faults.Action.ALWAYS_TC)
            .exact(name("faulty.nl."), Type.NS, Faults.Action.WRONG_NAME)
            .exact(name("www.faulty.nl."), Faults.Action.GARBAGE)
            .build();
    server = AuthoritativeServer.start(ZoneData.of(records, origins), faults);
    resolver =
        Resolver.create(
            new ResolverSettings(
                List.of(new ResolverSettings.Server("127.0.0.1", server.port())),
                Duration.ofMillis(200),
                Duration.ofMillis(100),
                1,
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

  private static Name name(String s) {
    return Name.fromConstantString(s);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"gemeente.nl", "alias.nl", "hostile.nl", "faulty.nl", "nullmx.nl", "gone.nl"})
  void replayingTheKeptAnswersGivesTheSameObservationAndVerdict(String domain) {
    Probed live = new MailProbe(resolver, HostAddress::unannotated, PLAN).probe(domain).join();

    List<DnsObservation> kept = new ArrayList<>();
    for (DnsObservation o : live.questions()) {
      kept.add(ObservationRows.fromRow(ObservationRows.toRow(o)));
    }
    Replayer.Replayed replayed =
        new Replayer(CATALOGUE, "NL", AsnDatabase.empty(), PLAN).replay(domain, kept);

    assertThat(replayed.observation()).isEqualTo(live.observation());
    assertThat(replayed.verdict())
        .isEqualTo(new Classifier(CATALOGUE, "NL").classify(live.observation()));
    // One answer per question, each asked once, and all of them kept.
    Set<String> questions = new HashSet<>();
    for (DnsObservation o : kept) {
      assertThat(questions.add(o.answer().name() + "/" + o.answer().type())).isTrue();
      assertThat(o.answer().detail()).doesNotContain(ReplayLookup.NOT_OBSERVED);
    }
    assertThat(kept).hasSize(live.observation().queries());
  }

  @org.junit.jupiter.api.Test
  void faultsAreKeptAsTheyHappened() {
    Probed live = new MailProbe(resolver, HostAddress::unannotated, PLAN).probe("faulty.nl").join();
    List<DnsAnswer> answers = live.questions().stream().map(DnsObservation::answer).toList();

    assertThat(answers)
        .anySatisfy(a -> assertThat(a.toString()).startsWith("spf.faulty.nl./TXT: SERVFAIL"))
        .anySatisfy(
            a -> {
              assertThat(a.name()).isEqualTo(name("faulty.nl."));
              assertThat(a.type()).isEqualTo(Type.TXT);
              assertThat(a.overTcp()).isTrue();
            })
        .anySatisfy(a -> assertThat(a.outcome()).isEqualTo(DnsAnswer.Outcome.TIMEOUT))
        .anySatisfy(a -> assertThat(a.outcome()).isEqualTo(DnsAnswer.Outcome.INVALID))
        .allSatisfy(a -> assertThat(a.server()).isEqualTo("127.0.0.1:" + server.port()));
  }

  @org.junit.jupiter.api.Test
  void anUnaskedQuestionIsAnsweredAsSuchNotInvented() {
    ReplayLookup lookup = new ReplayLookup(List.of());
    DnsAnswer a = lookup.lookup(name("x.nl."), Type.MX).join();

    assertThat(a.outcome()).isEqualTo(DnsAnswer.Outcome.INVALID);
    assertThat(a.detail()).isEqualTo(ReplayLookup.NOT_OBSERVED);
  }
}

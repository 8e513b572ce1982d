package io.mailsov.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.Resolver;
import io.mailsov.dns.ResolverSettings;
import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The probe against the embedded server: one test per status and per resolver behaviour. */
class MailProbeTest {
  private AuthoritativeServer server;
  private Resolver resolver;

  @AfterEach
  void stop() {
    if (resolver != null) {
      resolver.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Name n(String s) {
    return Name.fromConstantString(s.endsWith(".") ? s : s + ".");
  }

  private static org.xbill.DNS.Record mx(String owner, int pref, String target) {
    return new MXRecord(n(owner), DClass.IN, 300, pref, n(target));
  }

  private static org.xbill.DNS.Record a(String owner, String ip) {
    try {
      return new ARecord(n(owner), DClass.IN, 300, java.net.InetAddress.getByName(ip));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<org.xbill.DNS.Record> world() throws Exception {
    List<org.xbill.DNS.Record> r = new ArrayList<>();
    r.add(mx("gemeente.nl", 10, "gemeente-nl.mail.protection.outlook.com"));
    r.add(a("gemeente-nl.mail.protection.outlook.com", "10.2.0.1"));
    r.add(mx("provincie.nl", 10, "provincie-nl.mail.protection.outlook.com"));
    r.add(a("provincie-nl.mail.protection.outlook.com", "10.2.0.1"));
    r.add(mx("shared.nl", 10, "mx.hoster.nl"));
    r.add(mx("shared2.nl", 10, "mx.hoster.nl"));
    r.add(mx("shared3.nl", 10, "mx.hoster.nl"));
    r.add(a("mx.hoster.nl", "192.0.2.10"));
    r.add(
        new AAAARecord(
            n("mx.hoster.nl"), DClass.IN, 300, java.net.InetAddress.getByName("2001:db8::10")));
    r.add(mx("alias.nl", 10, "mail.alias.nl"));
    r.add(new CNAMERecord(n("mail.alias.nl"), DClass.IN, 300, n("relay.hoster.com")));
    r.add(new CNAMERecord(n("relay.hoster.com"), DClass.IN, 300, n("mx.hoster.nl")));
    r.add(mx("nullmx.nl", 0, "."));
    r.add(a("nomx.nl", "192.0.2.20"));
    r.add(mx("dead.nl", 10, "mx.dead.nl"));
    r.add(mx("literal.nl", 10, "192.0.2.30"));
    r.add(mx("loop.nl", 10, "l1.loop.nl"));
    r.add(new CNAMERecord(n("l1.loop.nl"), DClass.IN, 300, n("l2.loop.nl")));
    r.add(new CNAMERecord(n("l2.loop.nl"), DClass.IN, 300, n("l1.loop.nl")));
    for (String d : List.of("slow.nl", "garbage.nl", "flaky.nl", "stray.nl", "big.nl", "sf.nl")) {
      r.add(mx(d, 10, "mx.hoster.nl"));
    }
    r.add(mx("mixednull.nl", 0, "."));
    r.add(mx("mixednull.nl", 10, "mx.hoster.nl"));
    r.add(mx("cut.nl", 10, "mx.hoster.nl"));
    r.add(
        new MXRecord(
            n("hostile.nl"),
            DClass.IN,
            0,
            10,
            new Name(
                new byte[] {
                  11, '<', 's', 'c', 'r', 'i', 'p', 't', '>', 0x07, '\'', ';', 4, 'e', 'v', 'i',
                  'l', 2, 'n', 'l', 0
                })));
    for (int i = 0; i < 300; i++) {
      r.add(mx("huge.nl", i, "mx" + i + ".hoster.nl"));
    }
    return r;
  }

  private MailProbe start(Faults faults, Duration timeout, int retries) throws Exception {
    return start(faults, timeout, retries, 0);
  }

  private MailProbe start(Faults faults, Duration timeout, int retries, int rateLimit)
      throws Exception {
    server = AuthoritativeServer.start(ZoneData.of(world(), Set.of(n("nl"), n("com"))), faults);
    ResolverSettings settings =
        new ResolverSettings(
            List.of(new ResolverSettings.Server("127.0.0.1", server.port())),
            timeout,
            timeout,
            retries,
            100,
            1000,
            1232,
            rateLimit);
    resolver = Resolver.create(settings);
    return new MailProbe(resolver, HostAddress::unannotated);
  }

  private MailProbe start() throws Exception {
    return start(Faults.none(), Duration.ofMillis(500), 2);
  }

  private static MailObservation probe(MailProbe p, String domain) {
    return p.probe(domain).join().observation();
  }

  @Test
  void ipLiteralExchangesAreNotLookedUp() {
    assertThat(MailProbe.looksLikeIpLiteral("192.0.2.1")).isTrue();
    assertThat(MailProbe.looksLikeIpLiteral("192.0.2.1.")).isTrue();
    assertThat(MailProbe.looksLikeIpLiteral("2001:db8::1")).isTrue();
    assertThat(MailProbe.looksLikeIpLiteral("::")).isTrue();
    assertThat(MailProbe.looksLikeIpLiteral("mx1.example.nl")).isFalse();
    assertThat(MailProbe.looksLikeIpLiteral("10.mail.example")).isFalse();
    assertThat(MailProbe.looksLikeIpLiteral("")).isFalse();
  }

  @Test
  void okDomainHasHostsAddressesAndPreference() throws Exception {
    MailObservation o = probe(start(), "shared.nl");
    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.mx())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.preference()).isEqualTo(10);
              assertThat(h.host()).isEqualTo("mx.hoster.nl");
              assertThat(h.addresses())
                  .extracting(HostAddress::ip)
                  .containsExactlyInAnyOrder("192.0.2.10", "2001:db8::10");
            });
    assertThat(o.queries()).as("MX + A + AAAA").isEqualTo(3);
  }

  @Test
  void followsTheAliasChainOfAnExchangeAcrossZones() throws Exception {
    MailObservation o = probe(start(), "alias.nl");
    assertThat(o.mx().get(0).cnameChain()).containsExactly("relay.hoster.com", "mx.hoster.nl");
    assertThat(o.mx().get(0).addresses()).extracting(HostAddress::ip).contains("192.0.2.10");
  }

  @Test
  void aliasLoopEndsWithoutAddresses() throws Exception {
    MailObservation o = probe(start(), "loop.nl");
    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.mx().get(0).addresses()).isEmpty();
    assertThat(o.mx().get(0).cnameChain()).hasSizeLessThanOrEqualTo(MailProbe.MAX_CNAME_HOPS);
  }

  @Test
  void nullMxIsRecognisedPerRfc7505() throws Exception {
    assertThat(probe(start(), "nullmx.nl").status()).isEqualTo(Status.NULL_MX);
  }

  @Test
  void nameWithoutMxNotesTheImplicitMx() throws Exception {
    MailObservation o = probe(start(), "nomx.nl");
    assertThat(o.status()).isEqualTo(Status.NO_MX);
    assertThat(o.detail()).contains("RFC 5321").contains("implicit MX");
    assertThat(o.mx()).isEmpty();
  }

  @Test
  void missingNameIsNxdomain() throws Exception {
    assertThat(probe(start(), "absent.nl").status()).isEqualTo(Status.NXDOMAIN);
  }

  @Test
  void nameOutsideTheServersZonesIsRefused() throws Exception {
    assertThat(probe(start(), "example.be").status()).isEqualTo(Status.REFUSED);
  }

  @Test
  void serverFailureIsServfail() throws Exception {
    MailProbe p =
        start(
            Faults.builder().exact(n("sf.nl"), Faults.Action.SERVFAIL).build(),
            Duration.ofMillis(300),
            1);
    assertThat(probe(p, "sf.nl").status()).isEqualTo(Status.SERVFAIL);
  }

  @Test
  void silenceIsTimeoutAfterEveryRetry() throws Exception {
    MailProbe p =
        start(
            Faults.builder().exact(n("slow.nl"), Type.MX, Faults.Action.DROP).build(),
            Duration.ofMillis(200),
            2);
    Probed result = p.probe("slow.nl").join();
    assertThat(result.observation().status()).isEqualTo(Status.TIMEOUT);
    assertThat(result.counts().sent()).as("first attempt + 2 retries").isEqualTo(3);
    assertThat(result.counts().retries()).isEqualTo(2);
    assertThat(result.counts().timeouts()).isEqualTo(1);
    assertThat(result.observation().detail()).contains("3 attempts");
  }

  @Test
  void unreadableRepliesAreInvalidResponse() throws Exception {
    MailProbe p =
        start(
            Faults.builder().exact(n("garbage.nl"), Type.MX, Faults.Action.GARBAGE).build(),
            Duration.ofMillis(200),
            1);
    assertThat(probe(p, "garbage.nl").status()).isEqualTo(Status.INVALID_RESPONSE);
  }

  @Test
  void lostQueriesAreRetriedUntilAnswered() throws Exception {
    MailProbe p =
        start(
            Faults.builder().exact(n("flaky.nl"), Type.MX, Faults.Action.dropFirst(2)).build(),
            Duration.ofMillis(200),
            3);
    Probed result = p.probe("flaky.nl").join();
    assertThat(result.observation().status()).isEqualTo(Status.OK);
    assertThat(result.counts().retries()).isEqualTo(2);
  }

  @Test
  void strayReplyWithWrongIdIsDroppedAndTheRealAnswerKept() throws Exception {
    MailProbe p =
        start(
            Faults.builder()
                .exact(n("stray.nl"), Type.MX, Faults.Action.WRONG_ID_THEN_RIGHT)
                .build(),
            Duration.ofMillis(300),
            2);
    Probed result = p.probe("stray.nl").join();
    assertThat(result.observation().status()).isEqualTo(Status.OK);
    assertThat(result.counts().retries()).as("the stray packet cost no retry").isZero();
  }

  @Test
  void replyForAnotherNameIsIgnoredUntilTheTimeout() throws Exception {
    MailProbe p =
        start(
            Faults.builder().exact(n("stray.nl"), Type.MX, Faults.Action.WRONG_NAME).build(),
            Duration.ofMillis(200),
            1);
    Probed result = p.probe("stray.nl").join();
    assertThat(result.observation().status()).isEqualTo(Status.TIMEOUT);
    assertThat(result.counts().sent()).isEqualTo(2);
  }

  @Test
  void truncatedUdpAnswerIsFetchedOverTcp() throws Exception {
    MailProbe p =
        start(
            Faults.builder().exact(n("big.nl"), Type.MX, Faults.Action.ALWAYS_TC).build(),
            Duration.ofMillis(500),
            1);
    MailObservation o = probe(p, "big.nl");
    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.mx()).extracting(MxHost::host).containsExactly("mx.hoster.nl");
    assertThat(resolver.stats().snapshot().tcpFallbacks()).isEqualTo(1);
  }

  @Test
  void replyCutMidRecordIsInvalidResponseAfterEveryRetry() throws Exception {
    MailProbe p =
        start(
            Faults.builder().exact(n("cut.nl"), Type.MX, Faults.Action.TRUNCATED_PACKET).build(),
            Duration.ofMillis(300),
            2);
    Probed result = p.probe("cut.nl").join();
    assertThat(result.observation().status()).isEqualTo(Status.INVALID_RESPONSE);
    assertThat(result.counts().sent()).isEqualTo(3);
  }

  @Test
  void nullMxBesideRealExchangesIsNotANullMx() throws Exception {
    MailObservation o = probe(start(), "mixednull.nl");
    assertThat(o.status()).as("RFC 7505 null MX must be the only MX").isEqualTo(Status.OK);
    assertThat(o.mx()).extracting(MxHost::host).containsExactly(".", "mx.hoster.nl");
    assertThat(o.mx().get(0).addresses()).isEmpty();
  }

  @Test
  void hostileBytesInAnExchangeNameComeOutEscaped() throws Exception {
    MailObservation o = probe(start(), "hostile.nl");
    assertThat(o.status()).isEqualTo(Status.OK);
    String host = o.mx().get(0).host();
    assertThat(host)
        .as("control byte and ';' escaped as presentation format")
        .doesNotContain("\u0007")
        .contains("\\007")
        .contains("\\;")
        .endsWith(".evil.nl");
    assertThat(host.chars().noneMatch(Character::isISOControl)).isTrue();
  }

  @Test
  void hundredsOfMxRecordsAreKeptButOnlyTheFirstResolved() throws Exception {
    MailObservation o = probe(start(), "huge.nl");
    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.mx()).hasSize(300);
    assertThat(o.detail()).contains("first " + MailProbe.MAX_HOSTS_RESOLVED);
    assertThat(o.queries()).isEqualTo(1 + 2 * MailProbe.MAX_HOSTS_RESOLVED);
  }

  @Test
  void exchangeGivenAsIpLiteralIsKeptUnresolved() throws Exception {
    MailObservation o = probe(start(), "literal.nl");
    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.mx())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.host()).isEqualTo("192.0.2.30");
              assertThat(h.addresses()).isEmpty();
            });
  }

  @Test
  void rateLimitSpacesQueriesToTheServer() throws Exception {
    MailProbe p = start(Faults.none(), Duration.ofMillis(500), 1, 50);
    long started = System.nanoTime();
    List<CompletableFuture<Probed>> all = new ArrayList<>();
    for (String d :
        List.of(
            "absent1.nl",
            "absent2.nl",
            "absent3.nl",
            "absent4.nl",
            "absent5.nl",
            "absent6.nl",
            "absent7.nl",
            "absent8.nl",
            "absent9.nl",
            "absent10.nl")) {
      all.add(p.probe(d));
    }
    all.forEach(CompletableFuture::join);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(millis)
        .as("10 queries at 50/s need at least 9 intervals of 20 ms")
        .isGreaterThan(170);
  }

  @Test
  void sharedExchangeIsAskedOnceForManyDomains() throws Exception {
    MailProbe p = start();
    List<CompletableFuture<Probed>> all = new ArrayList<>();
    for (String d : List.of("shared.nl", "shared2.nl", "shared3.nl")) {
      all.add(p.probe(d));
    }
    long hits =
        all.stream().map(CompletableFuture::join).mapToLong(p2 -> p2.counts().cacheHits()).sum();
    assertThat(hits).as("A and AAAA of mx.hoster.nl served to two of three domains").isEqualTo(4);
    assertThat(server.queriesReceived()).as("3 MX + 1 A + 1 AAAA").isEqualTo(5);
  }
}

package io.mailsov.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.probe.HostAddress;
import io.mailsov.probe.MailObservation;
import io.mailsov.probe.MxHost;
import io.mailsov.probe.Signals;
import io.mailsov.probe.SpfExpansion;
import io.mailsov.probe.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verdicts that need more than the MX: look-through of gateways, self-hosting, operators. */
class MultiSignalClassifierTest {
  private static final Catalogue CATALOGUE = Catalogue.load(Path.of("conf", "providers.yaml"));
  private static final Classifier NL = new Classifier(CATALOGUE, "NL");

  private static final SpfExpansion MS_SPF =
      spf("v=spf1 include:spf.protection.outlook.com -all", "spf.protection.outlook.com");
  private static final Signals.Dkim MS_DKIM =
      new Signals.Dkim("selector1", "selector1-org-nl._domainkey.org.onmicrosoft.com");
  private static final String MS_AUTODISCOVER = "autodiscover.outlook.com";

  private static SpfExpansion spf(String record, String... includes) {
    List<SpfExpansion.Target> targets = new ArrayList<>();
    for (String i : includes) {
      targets.add(new SpfExpansion.Target(i, 1, "include"));
    }
    return new SpfExpansion(record, targets, includes.length, 0, null);
  }

  /** Signals with only the parts a test sets. */
  private record S(
      List<String> txt,
      SpfExpansion spf,
      List<Signals.Dkim> dkim,
      List<String> autodiscover,
      List<String> ns,
      List<HostAddress> web) {
    static S none() {
      return new S(List.of(), SpfExpansion.NONE, List.of(), List.of(), List.of(), List.of());
    }

    S txt(String... t) {
      return new S(List.of(t), spf, dkim, autodiscover, ns, web);
    }

    S spf(SpfExpansion s) {
      return new S(txt, s, dkim, autodiscover, ns, web);
    }

    S dkim(Signals.Dkim... d) {
      return new S(txt, spf, List.of(d), autodiscover, ns, web);
    }

    S autodiscover(String... a) {
      return new S(txt, spf, dkim, List.of(a), ns, web);
    }

    S ns(String... n) {
      return new S(txt, spf, dkim, autodiscover, List.of(n), web);
    }

    S web(HostAddress... w) {
      return new S(txt, spf, dkim, autodiscover, ns, List.of(w));
    }

    Signals build() {
      return new Signals(txt, spf, dkim, autodiscover, null, ns, web, List.of(), List.of());
    }
  }

  private static MailObservation ok(String domain, S signals, MxHost... hosts) {
    return new MailObservation(domain, Status.OK, List.of(hosts), "", 10, signals.build());
  }

  private static MxHost mx(int preference, String host, HostAddress... addresses) {
    return new MxHost(preference, host, List.of(), List.of(addresses));
  }

  private static HostAddress inAs(String ip, long asn, String name) {
    return new HostAddress(ip, asn, name, "US");
  }

  @Test
  void gatewayInFrontOfMicrosoftIsLookedThrough() {
    S signals =
        S.none()
            .txt("MS=ms12345678")
            .spf(
                spf(
                    "v=spf1 include:spf.protection.outlook.com include:spf-00123.pphosted.com -all",
                    "spf.protection.outlook.com",
                    "spf-00123.pphosted.com"))
            .dkim(MS_DKIM)
            .autodiscover(MS_AUTODISCOVER);

    Verdict v = NL.classify(ok("org.nl", signals, mx(10, "mx0a-00123.pphosted.com")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.category()).isEqualTo(Category.MICROSOFT);
    assertThat(v.gateway()).isEqualTo("proofpoint");
    assertThat(v.confidence()).isEqualTo(100);
    assertThat(v.evidence())
        .extracting(Evidence::signal, Evidence::provider, Evidence::weight)
        .contains(
            org.assertj.core.groups.Tuple.tuple("mx", "proofpoint", 100),
            org.assertj.core.groups.Tuple.tuple("spf", "microsoft", 30),
            org.assertj.core.groups.Tuple.tuple("spf", "proofpoint", 30),
            org.assertj.core.groups.Tuple.tuple("dkim", "microsoft", 40),
            org.assertj.core.groups.Tuple.tuple("autodiscover", "microsoft", 40),
            org.assertj.core.groups.Tuple.tuple("verification", "microsoft", 10));
  }

  @Test
  void gatewayWithOneSignalBehindItGivesAWeakerVerdict() {
    Verdict v =
        NL.classify(ok("org.nl", S.none().dkim(MS_DKIM), mx(10, "eu-smtp-inbound-1.mimecast.com")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.gateway()).isEqualTo("mimecast");
    assertThat(v.confidence()).as("DKIM alone: 40 of 100").isEqualTo(40);
  }

  @Test
  void ownRelayInFrontOfMicrosoftIsNotSelfHosting() {
    Verdict v =
        NL.classify(
            ok(
                "org.nl",
                S.none().spf(MS_SPF).autodiscover(MS_AUTODISCOVER),
                mx(10, "mail.org.nl")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.gateway()).as("own relay or provider's host: not known").isNull();
    assertThat(v.confidence()).isEqualTo(70);
  }

  @Test
  void ownHostWithoutProviderEvidenceIsSelfHosted() {
    S signals = S.none().spf(spf("v=spf1 mx -all"));

    Verdict v = NL.classify(ok("org.nl", signals, mx(10, "mail.org.nl")));

    assertThat(v.provider()).isEqualTo("self");
    assertThat(v.category()).isEqualTo(Category.SELF_HOSTED);
    assertThat(v.gateway()).isNull();
    assertThat(v.confidence()).isEqualTo(100);
  }

  @Test
  void aVerificationTokenAloneDoesNotOverturnSelfHosting() {
    S signals = S.none().txt("MS=ms999", "google-site-verification=abc");

    Verdict v = NL.classify(ok("org.nl", signals, mx(10, "mail.org.nl")));

    assertThat(v.provider()).isEqualTo("self");
    assertThat(v.confidence()).as("tokens never argue against a verdict").isEqualTo(100);
  }

  @Test
  void anUnknownHostWithOneSpfIncludeIsLookedThroughWithLowConfidence() {
    Verdict v = NL.classify(ok("org.nl", S.none().spf(MS_SPF), mx(10, "mx.onbekend.example")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.confidence()).isEqualTo(30);
  }

  @Test
  void anUnknownHostWithOnlyATokenStaysUnknown() {
    Verdict v =
        NL.classify(ok("org.nl", S.none().txt("MS=ms123456"), mx(10, "mx.onbekend.example")));

    assertThat(v.provider()).isNull();
    assertThat(v.category()).isEqualTo(Category.UNKNOWN);
  }

  @Test
  void anUnknownHostWithStrongerEvidenceIsLookedThroughWithoutNamingAGateway() {
    S signals = S.none().spf(MS_SPF).dkim(MS_DKIM).autodiscover(MS_AUTODISCOVER);

    Verdict v = NL.classify(ok("org.nl", signals, mx(10, "mx.onbekend.example")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.gateway()).isNull();
    assertThat(v.confidence()).isEqualTo(100);
  }

  @Test
  void mxNamingAMailboxProviderWinsOverOtherSignals() {
    S signals = S.none().spf(MS_SPF).dkim(MS_DKIM).autodiscover(MS_AUTODISCOVER);

    Verdict v = NL.classify(ok("org.nl", signals, mx(1, "aspmx.l.google.com")));

    assertThat(v.provider()).isEqualTo("google");
    assertThat(v.gateway()).isNull();
    assertThat(v.confidence()).as("100 for, 110 against").isEqualTo(48);
  }

  @Test
  void aHostInAProvidersNetworkIsNotThatProvidersMailService() {
    MxHost host = mx(10, "smtp.onbekend.example", inAs("10.2.0.7", 8075, "MICROSOFT-CORP"));

    Verdict v = NL.classify(ok("org.nl", S.none(), host));

    assertThat(v.provider()).as("a relay on a cloud machine").isNull();
    assertThat(v.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.signal()).isEqualTo("mx_asn");
              assertThat(e.provider()).isEqualTo("microsoft");
              assertThat(e.weight()).isEqualTo(60);
              assertThat(e.detail()).contains("AS8075 MICROSOFT-CORP");
            });
  }

  @Test
  void aHostInAProvidersNetworkBacksEvidenceThatNamesIt() {
    MxHost host = mx(10, "smtp.onbekend.example", inAs("10.2.0.7", 8075, "MICROSOFT-CORP"));

    Verdict v = NL.classify(ok("org.nl", S.none().spf(MS_SPF), host));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.confidence()).as("(30 + 60) of 100").isEqualTo(90);
  }

  @Test
  void dnsAndWebOperatorsAreNamed() {
    S signals =
        S.none()
            .ns("ns1-01.azure-dns.com", "ns2-01.azure-dns.net")
            .web(inAs("10.9.0.1", 8075, "MICROSOFT-CORP"));

    Verdict v = NL.classify(ok("org.nl", signals, mx(10, "org-nl.mail.protection.outlook.com")));

    assertThat(v.dnsProvider()).isEqualTo("microsoft");
    assertThat(v.webProvider()).isEqualTo("microsoft");
    assertThat(v.evidence()).extracting(Evidence::signal).contains("ns", "web");
  }

  @Test
  void nameServersUnderTheOwnDomainAreSelf() {
    Verdict v =
        NL.classify(ok("org.nl", S.none().ns("ns1.org.nl", "ns2.org.nl"), mx(10, "mail.org.nl")));

    assertThat(v.dnsProvider()).isEqualTo("self");
    assertThat(v.webProvider()).isNull();
  }

  @Test
  void unknownNameServersNameNoOperator() {
    Verdict v =
        NL.classify(ok("org.nl", S.none().ns("ns1.onbekend.example"), mx(10, "mail.org.nl")));

    assertThat(v.dnsProvider()).isNull();
    assertThat(v.evidence())
        .anySatisfy(e -> assertThat(e.detail()).isEqualTo("NS ns1.onbekend.example"));
  }

  @Test
  void controlCharactersFromTxtAreEscapedInEvidence() {
    S signals = S.none().spf(spf("v=spf1 include:x.example \u0007\n<script> -all", "x.example"));

    Verdict v = NL.classify(ok("org.nl", signals, mx(10, "mail.org.nl")));

    assertThat(v.evidence())
        .filteredOn(e -> e.signal().equals("spf"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("\\007\\010<script>").doesNotContain("\n"));
  }
}

package io.mailsov.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailsov.probe.MailObservation;
import io.mailsov.probe.MxHost;
import io.mailsov.probe.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClassifierTest {
  private static final Catalogue CATALOGUE = Catalogue.load(Path.of("conf", "providers.yaml"));
  private static final Classifier NL = new Classifier(CATALOGUE, "NL");
  private static final Classifier CH = new Classifier(CATALOGUE, "CH");

  private static MxHost mx(int preference, String host) {
    return new MxHost(preference, host, List.of(), List.of());
  }

  private static MailObservation ok(String domain, MxHost... hosts) {
    return new MailObservation(domain, Status.OK, List.of(hosts), "", 2);
  }

  private static MailObservation status(String domain, Status status, String detail) {
    return new MailObservation(domain, status, List.of(), detail, 1);
  }

  @Test
  void nullMxMeansNoMailWithFullConfidence() {
    Verdict v = NL.classify(status("example.nl", Status.NULL_MX, "MX 0 ."));

    assertThat(v.category()).isEqualTo(Category.NONE);
    assertThat(v.confidence()).isEqualTo(100);
    assertThat(v.provider()).isNull();
    assertThat(v.evidence())
        .containsExactly(new Evidence("null_mx", null, 100, "RFC 7505 null MX: accepts no mail"));
  }

  @Test
  void missingMxIsNotCountedAsAProvider() {
    Verdict v = NL.classify(status("example.nl", Status.NO_MX, "no MX RRset"));

    assertThat(v.category()).isEqualTo(Category.NONE);
    assertThat(v.confidence()).isEqualTo(100);
    assertThat(v.evidence())
        .containsExactly(
            new Evidence(
                "implicit_mx",
                null,
                100,
                "no MX; RFC 5321 section 5.1 would deliver to the A/AAAA of example.nl, not"
                    + " counted as a provider"));
  }

  @Test
  void nonexistentDomainReceivesNoMail() {
    Verdict v = NL.classify(status("gone.nl", Status.NXDOMAIN, "NXDOMAIN"));

    assertThat(v.category()).isEqualTo(Category.NONE);
    assertThat(v.confidence()).isEqualTo(100);
    assertThat(v.evidence()).singleElement().extracting(Evidence::signal).isEqualTo("nxdomain");
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.class,
      names = {"SERVFAIL", "REFUSED", "TIMEOUT", "INVALID_RESPONSE"})
  void dnsFailuresAreUnknownWithZeroConfidence(Status status) {
    Verdict v = NL.classify(status("example.nl", status, "3 tries at 127.0.0.1:53"));

    assertThat(v.category()).isEqualTo(Category.UNKNOWN);
    assertThat(v.confidence()).isZero();
    assertThat(v.evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.signal()).isEqualTo(status.label());
              assertThat(e.weight()).isZero();
              assertThat(e.detail()).contains(status.name()).contains("3 tries at 127.0.0.1:53");
            });
  }

  @Test
  void failureDetailIsMadePrintable() {
    Verdict v = NL.classify(status("example.nl", Status.SERVFAIL, "bad\r\nline\u0000"));

    assertThat(v.evidence().get(0).detail())
        .doesNotContain("\r", "\n", "\u0000")
        .contains("bad\\013\\010line\\000");
  }

  @Test
  void classicMicrosoftTenantMx() {
    Verdict v = NL.classify(ok("gemeente.nl", mx(0, "gemeente-nl.mail.protection.outlook.com")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.category()).isEqualTo(Category.MICROSOFT);
    assertThat(v.usJurisdiction()).isTrue();
    assertThat(v.jurisdiction()).isEqualTo("US");
    assertThat(v.confidence()).isEqualTo(100);
    assertThat(v.gateway()).isNull();
    assertThat(v.evidence())
        .containsExactly(
            new Evidence("mx", "microsoft", 100, "MX 0 gemeente-nl.mail.protection.outlook.com"));
  }

  @Test
  void newMxMicrosoftTenantMx() {
    Verdict v = NL.classify(ok("gemeente.nl", mx(0, "gemeente-nl.o-v1.mx.microsoft")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.category()).isEqualTo(Category.MICROSOFT);
    assertThat(v.confidence()).isEqualTo(100);
  }

  @Test
  void googleWorkspaceFiveHosts() {
    Verdict v =
        NL.classify(
            ok(
                "school.nl",
                mx(1, "aspmx.l.google.com"),
                mx(5, "alt1.aspmx.l.google.com"),
                mx(5, "alt2.aspmx.l.google.com"),
                mx(10, "alt3.aspmx.l.google.com"),
                mx(10, "alt4.aspmx.l.google.com")));

    assertThat(v.provider()).isEqualTo("google");
    assertThat(v.category()).isEqualTo(Category.GOOGLE);
    assertThat(v.confidence()).isEqualTo(100);
    assertThat(v.evidence()).extracting(Evidence::weight).containsExactly(100, 50, 50, 25, 25);
  }

  @Test
  void gatewayAloneIsTheProvider() {
    Verdict v =
        NL.classify(
            ok("bedrijf.nl", mx(10, "mx1-eu1.ppe-hosted.com"), mx(10, "mx2-eu1.ppe-hosted.com")));

    assertThat(v.provider()).isEqualTo("proofpoint");
    assertThat(v.gateway()).isEqualTo("proofpoint");
    assertThat(v.category()).isEqualTo(Category.OTHER_US);
    assertThat(v.confidence()).as("the mailboxes behind it are not seen").isEqualTo(50);
  }

  @Test
  void europeanGatewayAloneTakesItsOwnCategory() {
    Verdict v = CH.classify(ok("gemeinde.ch", mx(10, "gemeinde-ch.gate.seppmail.cloud")));

    assertThat(v.provider()).isEqualTo("seppmail");
    assertThat(v.category()).isEqualTo(Category.NATIONAL);
    assertThat(NL.classify(ok("gemeente.nl", mx(10, "gemeente-nl.gate.seppmail.cloud"))).category())
        .as("CH is not in the EU/EEA")
        .isEqualTo(Category.OTHER_FOREIGN);
  }

  @Test
  void gatewayInFrontOfMicrosoftBackupNamesBoth() {
    Verdict v =
        CH.classify(
            ok(
                "gemeinde.ch",
                mx(10, "mx01.hornetsecurity.com"),
                mx(20, "gemeinde-ch.mail.protection.outlook.com")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.gateway()).isEqualTo("hornetsecurity");
    assertThat(v.category()).isEqualTo(Category.MICROSOFT);
    assertThat(v.confidence()).as("both hosts agree with the verdict").isEqualTo(100);
    assertThat(v.evidence())
        .extracting(Evidence::provider, Evidence::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("hornetsecurity", 100),
            org.assertj.core.groups.Tuple.tuple("microsoft", 50));
  }

  @Test
  void gatewayListedOnlyBehindTheMailboxIsNotInFront() {
    Verdict v =
        NL.classify(
            ok(
                "bedrijf.nl",
                mx(0, "bedrijf-nl.mail.protection.outlook.com"),
                mx(10, "mx.spamexperts.com")));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.gateway()).isNull();
    assertThat(v.confidence()).isEqualTo(67);
  }

  @Test
  void dutchHosterIsNationalInADutchScan() {
    Verdict v = NL.classify(ok("bakker.nl", mx(10, "mx.transip.email")));

    assertThat(v.provider()).isEqualTo("transip");
    assertThat(v.category()).isEqualTo(Category.NATIONAL);
    assertThat(v.jurisdiction()).isEqualTo("NL");
    assertThat(v.usJurisdiction()).isFalse();
  }

  @Test
  void sameDutchHosterIsEuInASwissScan() {
    Verdict v = CH.classify(ok("bakker.ch", mx(10, "mx.transip.email")));

    assertThat(v.provider()).isEqualTo("transip");
    assertThat(v.category()).isEqualTo(Category.EU);
  }

  @Test
  void nonEuForeignProviderIsOtherForeign() {
    Verdict v = NL.classify(ok("winkel.nl", mx(10, "mx.zoho.eu")));

    assertThat(v.provider()).isEqualTo("zoho");
    assertThat(v.category()).isEqualTo(Category.OTHER_FOREIGN);
  }

  @Test
  void usOwnedEuropeanCompanyIsOtherUs() {
    Verdict v = NL.classify(ok("bedrijf.nl", mx(10, "mx-01-eu-central-1.prod.hydra.sophos.com")));

    assertThat(v.jurisdiction()).isEqualTo("GB");
    assertThat(v.category()).isEqualTo(Category.OTHER_US);
  }

  @Test
  void mxUnderOwnRegisteredDomainIsSelfHosted() {
    Verdict v =
        NL.classify(
            ok("gemeente.co.uk", mx(10, "mail.gemeente.co.uk"), mx(20, "mx2.gemeente.co.uk")));

    assertThat(v.provider()).isEqualTo("self");
    assertThat(v.category()).isEqualTo(Category.SELF_HOSTED);
    assertThat(v.confidence()).isEqualTo(100);
  }

  @Test
  void sharingOnlyAPublicSuffixIsNotSelfHosting() {
    Verdict v = NL.classify(ok("x.co.uk", mx(10, "mail.gemeente.co.uk")));

    assertThat(v.provider()).isNull();
    assertThat(v.category()).isEqualTo(Category.UNKNOWN);
    assertThat(v.confidence()).isZero();
    assertThat(v.evidence())
        .containsExactly(
            new Evidence("mx", null, 100, "MX 10 mail.gemeente.co.uk (no provider matches)"));
  }

  @Test
  void ownHostBehindAGatewayIsSelfHostedWithThatGateway() {
    Verdict v =
        CH.classify(
            ok(
                "gemeinde.ch",
                mx(10, "gemeinde-ch.gate.seppmail.cloud"),
                mx(20, "mail.gemeinde.ch")));

    assertThat(v.provider()).isEqualTo("self");
    assertThat(v.gateway()).isEqualTo("seppmail");
    assertThat(v.category()).isEqualTo(Category.SELF_HOSTED);
  }

  @Test
  void ownHostAliasedToAProviderIsThatProvider() {
    MxHost aliased =
        new MxHost(10, "mail.firma.nl", List.of("firma-nl.mail.protection.outlook.com"), List.of());
    Verdict v = NL.classify(ok("firma.nl", aliased));

    assertThat(v.provider()).isEqualTo("microsoft");
    assertThat(v.evidence())
        .containsExactly(
            new Evidence(
                "mx_cname",
                "microsoft",
                100,
                "MX 10 mail.firma.nl CNAME firma-nl.mail.protection.outlook.com"));
  }

  @Test
  void ipLiteralMxIsNeutralAndDoesNotCrash() {
    Verdict alone = NL.classify(ok("raar.nl", mx(10, "192.0.2.25")));

    assertThat(alone.category()).isEqualTo(Category.UNKNOWN);
    assertThat(alone.confidence()).isZero();
    assertThat(alone.evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.provider()).isNull();
              assertThat(e.weight()).isZero();
              assertThat(e.detail()).startsWith("MX 10 192.0.2.25 (IP literal");
            });

    Verdict mixed =
        NL.classify(
            ok("raar.nl", mx(10, "[2001:db8::25]"), mx(20, "raar-nl.mail.protection.outlook.com")));
    assertThat(mixed.provider()).isEqualTo("microsoft");
    assertThat(mixed.confidence()).as("an unusable host does not dilute").isEqualTo(100);
    assertThat(mixed.evidence().get(1).weight()).as("first usable rank").isEqualTo(100);
  }

  @Test
  void dotTargetAmongOtherRecordsIsNeutral() {
    Verdict v = NL.classify(ok("raar.nl", mx(0, "."), mx(10, "mx.transip.email")));

    assertThat(v.provider()).isEqualTo("transip");
    assertThat(v.evidence().get(0).detail()).startsWith("MX 0 . (null target");
    assertThat(v.evidence().get(0).weight()).isZero();
  }

  @Test
  void mixedProvidersLowerTheConfidence() {
    Verdict v =
        NL.classify(
            ok(
                "gemengd.nl",
                mx(10, "gemengd-nl.mail.protection.outlook.com"),
                mx(10, "aspmx.l.google.com"),
                mx(10, "mx.onbekend.example")));

    // Equal weights: the tie goes to the provider of the first host in (preference, name) order.
    assertThat(v.provider()).isEqualTo("google");
    assertThat(v.confidence()).isEqualTo(33);
  }

  @Test
  void heavierProviderWinsOverLighterOne() {
    Verdict v =
        NL.classify(
            ok(
                "gemengd.nl",
                mx(10, "mx.transip.email"),
                mx(20, "gemengd-nl.mail.protection.outlook.com")));

    assertThat(v.provider()).isEqualTo("transip");
    assertThat(v.confidence()).isEqualTo(67);
  }

  @Test
  void hostileHostNamesAreEscapedInDetails() {
    Verdict v = NL.classify(ok("x.nl", mx(10, "evil<script>\n.example")));

    assertThat(v.evidence().get(0).detail())
        .doesNotContain("\n")
        .isEqualTo("MX 10 evil<script>\\010.example (no provider matches)");
  }

  @Test
  void scanCountryMustBeIso() {
    assertThatThrownBy(() -> new Classifier(CATALOGUE, "NLD"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'NLD'");
    assertThat(new Classifier(CATALOGUE, "nl").scanCountry()).isEqualTo("NL");
  }

  @Test
  void euEeaListHasThe27MembersAndThreeEeaStatesButNotSwitzerland() {
    assertThat(Classifier.EU_EEA).hasSize(30).contains("IS", "LI", "NO").doesNotContain("CH", "GB");
  }

  @Test
  void classifierSurvivesJavaSerialisation() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(NL);
    }
    Classifier copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Classifier) in.readObject();
    }
    MailObservation obs = ok("bakker.nl", mx(10, "mx.transip.email"));

    assertThat(copy.classify(obs)).isEqualTo(NL.classify(obs));
  }

  @Test
  void evidenceOrderFollowsPreferenceNotInputOrder() {
    List<MxHost> hosts =
        new ArrayList<>(List.of(mx(20, "b.transip.email"), mx(10, "a.transip.email")));
    Verdict v = NL.classify(new MailObservation("x.nl", Status.OK, hosts, "", 1));

    assertThat(v.evidence())
        .extracting(Evidence::detail)
        .containsExactly("MX 10 a.transip.email", "MX 20 b.transip.email");
  }
}

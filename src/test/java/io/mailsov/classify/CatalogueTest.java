package io.mailsov.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogueTest {
  private static final Path CONF = Path.of("conf", "providers.yaml");

  /** A valid two-provider catalogue; {@code extra} is appended to the first provider. */
  private static String yaml(String firstProviderOverrides, String extra) {
    return """
        version: "1.0"
        providers:
          - id: acme
            name: Acme Mail
            company: Acme Ltd
            %s
            us_jurisdiction: false
            kind: mailbox
            patterns:
              mx: [mail.acme.example]
        %s
          - id: filterco
            name: Filter Co
            company: Filter Co AG
            country: "CH"
            us_jurisdiction: false
            kind: gateway
            patterns:
              mx: [filter.example]
        """
        .formatted(firstProviderOverrides, extra);
  }

  private static String valid() {
    return yaml("country: \"DE\"", "");
  }

  @Test
  void projectCatalogueLoadsAndCoversTheBriefedProviders() {
    Catalogue c = Catalogue.load(CONF);

    assertThat(c.version()).matches("\\d{4}\\.\\d{1,2}\\.\\d+");
    assertThat(c.providers()).hasSizeGreaterThan(40);
    for (String id :
        List.of(
            "microsoft",
            "google",
            "amazon",
            "proofpoint",
            "mimecast",
            "cisco",
            "barracuda",
            "trendmicro",
            "sophos",
            "hornetsecurity",
            "seppmail",
            "spamexperts",
            "zoho",
            "yahoo",
            "apple",
            "fastmail",
            "proton",
            "mailbox-org",
            "infomaniak",
            "ovh",
            "ionos",
            "strato",
            "hetzner",
            "gandi",
            "one-com",
            "transip",
            "hostnet",
            "antagonist",
            "yourhosting",
            "mijndomein",
            "kpn",
            "solvinity",
            "argeweb",
            "vimexx",
            "previder",
            "xs4all",
            "ziggo",
            "swisscom")) {
      assertThat(c.byId(id)).as("provider %s", id).isPresent();
    }
    assertThat(c.byId("sophos").orElseThrow().usJurisdiction()).isTrue();
    assertThat(c.byId("sophos").orElseThrow().country()).isEqualTo("GB");
    assertThat(c.byId("proofpoint").orElseThrow().kind()).isEqualTo(Provider.Kind.GATEWAY);
  }

  @Test
  void contentHashIsSha256OfTheFileBytes() throws Exception {
    byte[] bytes = Files.readAllBytes(CONF);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

    assertThat(Catalogue.load(CONF).contentHash()).isEqualTo(expected).hasSize(64);
  }

  @Test
  void contentHashChangesWithTheText() {
    Catalogue a = Catalogue.fromYaml(valid(), "a.yaml");
    Catalogue b = Catalogue.fromYaml(valid() + "# comment\n", "b.yaml");

    assertThat(a.contentHash()).isNotEqualTo(b.contentHash());
  }

  @Test
  void loadDefaultReadsConfFromTheWorkingDirectory() {
    assertThat(Catalogue.loadDefault().contentHash()).isEqualTo(Catalogue.load(CONF).contentHash());
  }

  @Test
  void buildBundlesTheConfCatalogueAsClassPathResource() throws Exception {
    try (InputStream in = Catalogue.class.getResourceAsStream(Catalogue.RESOURCE)) {
      assertThat(in)
          .as("pom.xml must copy conf/providers.yaml to %s", Catalogue.RESOURCE)
          .isNotNull();
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(CONF));
    }
  }

  @Test
  void matchMxPrefersTheLongestSuffix() {
    Catalogue c = Catalogue.load(CONF);

    assertThat(id(c.matchMx("mx01.mailsecurity.swisscom.com"))).isEqualTo("swisscom-mailsecurity");
    assertThat(id(c.matchMx("mail10.swisscom.com"))).isEqualTo("swisscom");
  }

  @Test
  void matchMxOnlyMatchesOnLabelBoundaries() {
    Catalogue c = Catalogue.load(CONF);

    assertThat(c.matchMx("notgoogle.com")).isEmpty();
    assertThat(c.matchMx("google.com.evil.example")).isEmpty();
    assertThat(id(c.matchMx("google.com"))).isEqualTo("google");
    assertThat(id(c.matchMx("alt1.aspmx.l.google.com"))).isEqualTo("google");
  }

  @Test
  void matchMxKnowsBothMicrosoftTenantStyles() {
    Catalogue c = Catalogue.load(CONF);

    assertThat(id(c.matchMx("contoso-com.mail.protection.outlook.com"))).isEqualTo("microsoft");
    assertThat(id(c.matchMx("contoso-com.o-v1.mx.microsoft"))).isEqualTo("microsoft");
  }

  @Test
  void matchMxIgnoresCaseAndTrailingDot() {
    Catalogue c = Catalogue.load(CONF);

    assertThat(id(c.matchMx("MX1.HC1035-98.EU.IPHMX.COM."))).isEqualTo("cisco");
    assertThat(c.matchMx("")).isEmpty();
    assertThat(c.matchMx(".")).isEmpty();
    assertThat(c.matchMx(null)).isEmpty();
  }

  @Test
  void catalogueSurvivesJavaSerialisation() throws Exception {
    Catalogue c = Catalogue.load(CONF);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    Catalogue copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Catalogue) in.readObject();
    }

    assertThat(copy.contentHash()).isEqualTo(c.contentHash());
    assertThat(copy.providers()).isEqualTo(c.providers());
    assertThat(id(copy.matchMx("x.mail.protection.outlook.com"))).isEqualTo("microsoft");
  }

  @Test
  void providerPatternsKeepEverySignal() {
    Catalogue c = Catalogue.load(CONF);
    Provider.Patterns ms = c.byId("microsoft").orElseThrow().patterns();

    assertThat(ms.spf()).contains("spf.protection.outlook.com");
    assertThat(ms.autodiscover()).contains("autodiscover.outlook.com");
    assertThat(ms.verification()).contains("MS=");
    assertThat(ms.asn()).contains(8075L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          country not ISO | country: "USA" | country 'USA' is not an ISO 3166 alpha-2 code
          country lower-case | country: "de" | country 'de' is not an ISO 3166 alpha-2 code
          country missing    | note: x                        | required field 'country' is missing
          unknown field      | country: "DE"\\n    colour: red | unknown field 'colour'
          """)
  void validationNamesProviderFieldAndValue(String name, String override, String message) {
    String text = yaml(override.replace("\\n", "\n"), "");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "conf/providers.yaml"))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessage("Invalid catalogue conf/providers.yaml: provider 'acme': " + message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          upper case     | Mail.Acme.Example  | must be lower-case
          trailing dot   | mail.acme.example. | must not end with a dot
          single label   | example            | is not a DNS name of at least two labels
          bad characters | mail!.example      | is not a DNS name of at least two labels
          """)
  void patternSyntaxIsChecked(String name, String pattern, String message) {
    String text = valid().replace("mx: [mail.acme.example]", "mx: [" + pattern + "]");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessage(
            "Invalid catalogue t.yaml: provider 'acme': mx pattern '" + pattern + "' " + message);
  }

  @Test
  void wildcardPatternsAreRefusedWithTheReason() {
    String text = valid().replace("mx: [mail.acme.example]", "mx: [\"*.acme.example\"]");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessage(
            "Invalid catalogue t.yaml: provider 'acme': mx pattern '*.acme.example' wildcards are"
                + " not supported (a suffix already matches every name below it)");
  }

  @Test
  void aSuffixClaimedByTwoProvidersIsRejected() {
    String text = valid().replace("mx: [filter.example]", "mx: [mail.acme.example]");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: mx pattern 'mail.acme.example' is claimed by both 'acme'"
                + " and 'filterco'");
  }

  @Test
  void aSuffixListedTwiceByOneProviderIsRejected() {
    String text =
        valid().replace("mx: [mail.acme.example]", "mx: [mail.acme.example, mail.acme.example]");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: mx pattern 'mail.acme.example' is listed twice by 'acme'");
  }

  @Test
  void nestedSuffixesOfDifferentProvidersAreAllowedAndTheLongestWins() {
    String text = valid().replace("mx: [filter.example]", "mx: [in.mail.acme.example]");
    Catalogue c = Catalogue.fromYaml(text, "t.yaml");

    assertThat(id(c.matchMx("a.in.mail.acme.example"))).isEqualTo("filterco");
    assertThat(id(c.matchMx("b.mail.acme.example"))).isEqualTo("acme");
  }

  @Test
  void duplicateIdsAreRejected() {
    String text = valid().replace("id: filterco", "id: acme");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage("Invalid catalogue t.yaml: provider id 'acme' is used more than once");
  }

  @Test
  void theSelfIdIsReserved() {
    String text = valid().replace("id: filterco", "id: self");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: provider #2: id 'self' is reserved for self-hosted"
                + " verdicts");
  }

  @Test
  void idMustBeASlug() {
    String text = valid().replace("id: filterco", "id: Filter_Co");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: provider #2: id 'Filter_Co' must be a lower-case slug"
                + " (letters, digits, hyphens)");
  }

  @Test
  void kindMustBeMailboxGatewayOrHosting() {
    String text = valid().replace("kind: gateway", "kind: relay");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: provider 'filterco': kind 'relay' must be 'mailbox',"
                + " 'gateway' or 'hosting'");
  }

  @Test
  void hostingProvidersCarryNameServerAndAsnPatterns() {
    Catalogue c = Catalogue.fromYaml(hosting("ns: [dns.host.example]\n      asn: [64500]"), "t");

    Provider host = c.byId("hostco").orElseThrow();
    assertThat(host.kind()).isEqualTo(Provider.Kind.HOSTING);
    assertThat(id(c.matchNs("ns1.dns.host.example"))).isEqualTo("hostco");
    assertThat(id(c.matchAsn(64500))).isEqualTo("hostco");
  }

  @Test
  void hostingProvidersMayNotCarryMailPatterns() {
    String text = hosting("ns: [dns.host.example]\n      mx: [mail.host.example]");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: provider 'hostco': kind 'hosting' allows only ns and asn"
                + " patterns, not mx (list the mail service as its own mailbox or gateway"
                + " provider)");
  }

  @Test
  void projectCatalogueSeparatesCloudflareHostingFromEmailRouting() {
    Catalogue c = Catalogue.load(CONF);

    assertThat(c.byId("cloudflare").orElseThrow().kind()).isEqualTo(Provider.Kind.HOSTING);
    assertThat(id(c.matchNs("ada.ns.cloudflare.com"))).isEqualTo("cloudflare");
    assertThat(id(c.matchAsn(13335))).isEqualTo("cloudflare");
    assertThat(c.matchMx("route1.mx.cloudflare.net"))
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Provider.Kind.GATEWAY));
    assertThat(id(c.matchSpf("_spf.mx.cloudflare.net"))).isEqualTo("cloudflare-email-routing");
  }

  @Test
  void usJurisdictionMustBeABoolean() {
    String text =
        valid()
            .replace(
                "us_jurisdiction: false\n    kind: gateway",
                "us_jurisdiction: maybe\n    kind: gateway");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: provider 'filterco': 'us_jurisdiction' must be true or"
                + " false");
  }

  @Test
  void versionMustBeAString() {
    String text = valid().replace("version: \"1.0\"", "version: 2026.10");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessageContaining("'version' must be a quoted, non-empty string");
  }

  @Test
  void asnMustBeAPositive32BitNumber() {
    String text = valid().replace("mx: [filter.example]", "mx: [filter.example]\n      asn: [0]");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: provider 'filterco': asn 0 must be a whole number from 1 to"
                + " 4294967295");
  }

  @Test
  void unknownSignalIsRejected() {
    String text = valid().replace("mx: [filter.example]", "mx: [filter.example]\n      mxx: [a.b]");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage("Invalid catalogue t.yaml: provider 'filterco': patterns: unknown field 'mxx'");
  }

  @Test
  void malformedYamlIsReportedAsInvalidCatalogue() {
    assertThatThrownBy(() -> Catalogue.fromYaml("providers: [\n  - id: x\n", "t.yaml"))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessageStartingWith("Invalid catalogue t.yaml: not valid YAML");
  }

  @Test
  void duplicateYamlKeysAreRejected() {
    String text = valid().replace("name: Acme Mail", "name: Acme Mail\n    name: Other");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessageContaining("name");
  }

  @Test
  void emptyTextIsRejected() {
    assertThatThrownBy(() -> Catalogue.fromYaml("", "t.yaml"))
        .hasMessage("Invalid catalogue t.yaml: the file is empty");
  }

  @Test
  void unquotedNorwayIsRejectedWithAHint() {
    // YAML 1.1, which Jackson's parser follows here, reads a bare NO as the boolean false.
    assertThatThrownBy(() -> Catalogue.fromYaml(yaml("country: NO", ""), "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: provider 'acme': country was read as the boolean false;"
                + " quote it (YAML reads a bare NO as false)");
    assertThat(Catalogue.fromYaml(yaml("country: \"NO\"", ""), "t.yaml").byId("acme"))
        .hasValueSatisfying(p -> assertThat(p.country()).isEqualTo("NO"));
  }

  @Test
  void textIsReadAsUtf8() {
    Catalogue c = Catalogue.fromYaml(valid().replace("Acme Mail", "Acmé Mail"), "t.yaml");

    assertThat(c.byId("acme").orElseThrow().name()).isEqualTo("Acmé Mail");
  }

  /** A valid catalogue whose second provider is a hosting provider with {@code patterns}. */
  private static String hosting(String patterns) {
    return valid()
        .replace("id: filterco", "id: hostco")
        .replace("kind: gateway", "kind: hosting")
        .replace("mx: [filter.example]", patterns);
  }

  /** A valid catalogue with {@code signals} as the first provider's patterns. */
  private static Catalogue withPatterns(String signals) {
    return Catalogue.fromYaml(valid().replace("mx: [mail.acme.example]", signals), "t.yaml");
  }

  @Test
  void everyNameSignalPrefersTheLongestSuffix() {
    Catalogue c =
        Catalogue.fromYaml(
            valid()
                .replace(
                    "mx: [mail.acme.example]",
                    "mx: [mail.acme.example]\n      spf: [acme.example]\n      dkim:"
                        + " [acme.example]\n      autodiscover: [acme.example]\n      ns:"
                        + " [acme.example]")
                .replace(
                    "mx: [filter.example]",
                    "mx: [filter.example]\n      spf: [spf.acme.example]\n      dkim:"
                        + " [dkim.acme.example]\n      autodiscover: [ad.acme.example]\n     "
                        + " ns: [dns.acme.example]"),
            "t.yaml");

    assertThat(id(c.matchSpf("x.spf.acme.example"))).isEqualTo("filterco");
    assertThat(id(c.matchSpf("_spf.acme.example"))).isEqualTo("acme");
    assertThat(id(c.matchDkim("s1._domainkey.dkim.acme.example"))).isEqualTo("filterco");
    assertThat(id(c.matchDkim("s1._domainkey.acme.example"))).isEqualTo("acme");
    assertThat(id(c.matchAutodiscover("ad.acme.example"))).isEqualTo("filterco");
    assertThat(id(c.matchAutodiscover("autodiscover.acme.example"))).isEqualTo("acme");
    assertThat(id(c.matchNs("ns1.dns.acme.example"))).isEqualTo("filterco");
    assertThat(id(c.matchNs("ns1.acme.example"))).isEqualTo("acme");
  }

  @Test
  void signalsDoNotShareTheirSuffixes() {
    Catalogue c = withPatterns("mx: [mail.acme.example]\n      ns: [dns.acme.example]");

    assertThat(id(c.matchNs("a.dns.acme.example"))).isEqualTo("acme");
    assertThat(c.matchMx("a.dns.acme.example")).isEmpty();
    assertThat(c.matchNs("mx1.mail.acme.example")).isEmpty();
    assertThat(c.matchSpf("mail.acme.example")).isEmpty();
    assertThat(c.matchDkim("mail.acme.example")).isEmpty();
    assertThat(c.matchAutodiscover("mail.acme.example")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "spf.protection.outlook.com, microsoft",
    "SPF.Protection.Outlook.COM., microsoft",
    "_spf.google.com, google",
    "eu.tmes.trendmicro.com, trendmicro",
    "spf.mail.hostpoint.ch, hostpoint",
    "notpphosted.com,",
    "protection.outlook.com,",
    "spf.protection.outlook.com.evil.example,",
  })
  void matchSpfUsesLabelBoundariesAndIgnoresCase(String domain, String expected) {
    assertThat(id(Catalogue.load(CONF).matchSpf(domain))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "selector1-contoso-com._domainkey.contoso.onmicrosoft.com, microsoft",
    "selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft., microsoft",
    "protonmail.domainkey.dabc123.domains.proton.ch, proton",
    "_dkim-A.transip.email, transip",
    "x.whs1.dkim.webhostingserver.nl, antagonist",
    "selector1._domainkey.example.nl,",
  })
  void matchDkimFindsTheKeyOperator(String target, String expected) {
    assertThat(id(Catalogue.load(CONF).matchDkim(target))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "autodiscover.outlook.com, microsoft",
    "AUTODISCOVER.OUTLOOK.COM., microsoft",
    "autodiscover.mail.eu-west-1.awsapps.com, amazon",
    "autodiscover.transip.email, transip",
    "outlook.com,",
  })
  void matchAutodiscoverFindsTheMailboxOperator(String target, String expected) {
    assertThat(id(Catalogue.load(CONF).matchAutodiscover(target))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ns1-01.azure-dns.com, microsoft",
    "ns-cloud-a1.googledomains.com., google",
    "ns-1536.awsdns-00.co.uk, amazon",
    "NS-512.AWSDNS-63.NET, amazon",
    "kai.ns.cloudflare.com, cloudflare",
    "a1-64.akam.net, akamai",
    "ns1.digitalocean.com, digitalocean",
    "robotns3.second-ns.com, hetzner",
    "hydrogen.ns.hetzner.com, hetzner",
    "ns0.transip.net, transip",
    "ns1.webhostingserver.nl, antagonist",
    "ns-1.awsdns-64.com,",
    "awsdns-00.com.example,",
  })
  void matchNsNamesTheDnsOperator(String host, String expected) {
    assertThat(id(Catalogue.load(CONF).matchNs(host))).isEqualTo(expected);
  }

  @Test
  void matchVerificationIsACaseSensitivePrefixMatch() {
    Catalogue c = Catalogue.load(CONF);

    assertThat(id(c.matchVerification("MS=ms12345678"))).isEqualTo("microsoft");
    assertThat(id(c.matchVerification("google-site-verification=abc"))).isEqualTo("google");
    assertThat(c.matchVerification("ms=ms12345678")).isEmpty();
    assertThat(c.matchVerification("v=spf1 MS=ms1 -all")).isEmpty();
    assertThat(c.matchVerification("MS")).isEmpty();
    assertThat(c.matchVerification("")).isEmpty();
    assertThat(c.matchVerification(null)).isEmpty();
  }

  @Test
  void matchVerificationPrefersTheLongestPrefix() {
    Catalogue c =
        Catalogue.fromYaml(
            valid()
                .replace(
                    "mx: [mail.acme.example]", "mx: [mail.acme.example]\n      verification: [a=]")
                .replace(
                    "mx: [filter.example]",
                    "mx: [filter.example]\n      verification: [\"a=filter-\"]"),
            "t.yaml");

    assertThat(id(c.matchVerification("a=filter-123"))).isEqualTo("filterco");
    assertThat(id(c.matchVerification("a=filter"))).isEqualTo("acme");
    assertThat(id(c.matchVerification("a="))).isEqualTo("acme");
  }

  @Test
  void matchAsnFindsTheOriginOperator() {
    Catalogue c = Catalogue.load(CONF);

    assertThat(id(c.matchAsn(8075))).isEqualTo("microsoft");
    assertThat(id(c.matchAsn(396982))).isEqualTo("google");
    assertThat(id(c.matchAsn(54113))).isEqualTo("fastly");
    assertThat(id(c.matchAsn(24940))).isEqualTo("hetzner");
    assertThat(c.matchAsn(64496)).isEmpty();
  }

  @Test
  void anAsnClaimedByTwoProvidersIsRejected() {
    String text =
        valid()
            .replace("mx: [mail.acme.example]", "mx: [mail.acme.example]\n      asn: [64500]")
            .replace("mx: [filter.example]", "mx: [filter.example]\n      asn: [64500]");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: asn pattern 'AS64500' is claimed by both 'acme' and"
                + " 'filterco'");
  }

  @Test
  void projectCatalogueListsTheDocumentedDkimSelectors() {
    assertThat(Catalogue.load(CONF).dkimSelectors()).containsExactly("selector1", "protonmail");
  }

  @Test
  void dkimSelectorsDefaultToNone() {
    assertThat(Catalogue.fromYaml(valid(), "t.yaml").dkimSelectors()).isEmpty();
  }

  @Test
  void dkimSelectorsKeepFileOrderAndAllowUnderscoresAndHyphens() {
    String text = withSelectors("[s2, k_1, transip-A]");

    assertThat(Catalogue.fromYaml(text, "t.yaml").dkimSelectors())
        .containsExactly("s2", "k_1", "transip-A");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          two labels   | [a.b]          | dkim_selectors entry 'a.b' NOT_A_LABEL
          leading dash | [-a]           | dkim_selectors entry '-a' NOT_A_LABEL
          empty        | ['']           | dkim_selectors entry '' NOT_A_LABEL
          repeated     | [s1, S1]       | dkim_selectors entry 'S1' is listed twice
          not a string | [{a: b}]       | dkim_selectors entry {"a":"b"} must be a string
          not a list   | selector1      | 'dkim_selectors' must be a list of selector labels
          """)
  void dkimSelectorsAreValidatedWithTheProblemNamed(String name, String list, String message) {
    String text = withSelectors(list);
    String expected =
        message.replace(
            "NOT_A_LABEL",
            "is not one DNS label (letters, digits, underscores, hyphens inside; at most 63"
                + " characters)");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessage("Invalid catalogue t.yaml: " + expected);
  }

  @Test
  void aSelectorMayHaveSixtyThreeCharactersButNotMore() {
    String longest = "s".repeat(63);

    assertThat(Catalogue.fromYaml(withSelectors("[" + longest + "]"), "t").dkimSelectors())
        .containsExactly(longest);
    assertThatThrownBy(() -> Catalogue.fromYaml(withSelectors("[" + longest + "s]"), "t.yaml"))
        .hasMessageContaining("'" + longest + "s' is not one DNS label");
  }

  @Test
  void atMostTwelveDkimSelectorsAreAllowed() {
    String twelve = String.join(", ", IntStream.rangeClosed(1, 12).mapToObj(i -> "s" + i).toList());

    assertThat(Catalogue.fromYaml(withSelectors("[" + twelve + "]"), "t").dkimSelectors())
        .hasSize(12);
    assertThatThrownBy(() -> Catalogue.fromYaml(withSelectors("[" + twelve + ", s13]"), "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: dkim_selectors lists 13 selectors, at most 12 are allowed"
                + " (each costs one CNAME query per domain)");
  }

  /** A valid catalogue with {@code list} as its dkim_selectors value. */
  private static String withSelectors(String list) {
    return valid().replace("providers:", "dkim_selectors: " + list + "\nproviders:");
  }

  private static String id(Optional<Provider> p) {
    return p.map(Provider::id).orElse(null);
  }
}

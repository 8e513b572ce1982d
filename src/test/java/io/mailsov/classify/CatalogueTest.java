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
  void kindMustBeMailboxOrGateway() {
    String text = valid().replace("kind: gateway", "kind: relay");

    assertThatThrownBy(() -> Catalogue.fromYaml(text, "t.yaml"))
        .hasMessage(
            "Invalid catalogue t.yaml: provider 'filterco': kind 'relay' must be 'mailbox' or"
                + " 'gateway'");
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

  private static String id(Optional<Provider> p) {
    return p.map(Provider::id).orElse(null);
  }
}

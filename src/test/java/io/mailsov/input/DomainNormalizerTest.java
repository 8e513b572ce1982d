package io.mailsov.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DomainNormalizerTest {
  private static final String URL = "URL: kept the host";
  private static final String EMAIL = "e-mail address: kept the part after @";
  private static final String WWW = "stripped www.";
  private static final String DOT = "stripped trailing dot";
  private static final String IDN = "IDN converted to punycode";
  private static final String IP = "IP address literal, not a domain name";

  static Stream<Arguments> acceptedCells() {
    return Stream.of(
        arguments("plain name", "gemeente.nl", "gemeente.nl", null),
        arguments("upper case", "Gemeente.NL", "gemeente.nl", null),
        arguments("surrounding spaces", "  x.nl\t", "x.nl", null),
        arguments("CRLF line end", "x.nl\r", "x.nl", null),
        arguments("no-break space", "\u00A0x.nl\u00A0", "x.nl", null),
        arguments("byte order mark", "\uFEFFx.nl", "x.nl", null),
        arguments("byte order mark and spaces", " \uFEFF x.nl \r\n", "x.nl", null),
        arguments("leading digit (RFC 1123)", "1und1.de", "1und1.de", null),
        arguments("hyphen inside", "a-b.nl", "a-b.nl", null),
        arguments("A-label kept", "xn--bcher-kva.de", "xn--bcher-kva.de", null),
        arguments("63-octet label", "a".repeat(63) + ".nl", "a".repeat(63) + ".nl", null),
        arguments("253-octet name", name(253), name(253), null),
        arguments("https URL", "https://www.Gemeente.NL/contact", "gemeente.nl", URL + "; " + WWW),
        arguments("URL with port", "http://x.nl:8080/a?b#c", "x.nl", URL),
        arguments("URL with query only", "https://x.nl?q=1", "x.nl", URL),
        arguments("URL with fragment only", "https://x.nl#top", "x.nl", URL),
        arguments("URL with user info", "ftp://user:pw@x.nl/", "x.nl", URL),
        arguments("scheme-relative URL", "//x.nl/a", "x.nl", URL),
        arguments("host and path", "x.nl/contact/", "x.nl", URL),
        arguments("e-mail address", "info@rijksoverheid.nl", "rijksoverheid.nl", EMAIL),
        arguments("mailto link", "mailto:Info@X.nl?subject=hi", "x.nl", EMAIL),
        arguments("port", "x.nl:25", "x.nl", "stripped port"),
        arguments("trailing dot", "x.nl.", "x.nl", DOT),
        arguments("www and trailing dot", "WWW.x.nl.", "x.nl", DOT + "; " + WWW),
        arguments("www before a single label kept", "www.nl", "www.nl", null),
        arguments("only one www stripped", "www.www.x.nl", "www.x.nl", WWW),
        arguments("www-like label kept", "www2.x.nl", "www2.x.nl", null),
        arguments("IDN", "bücher.de", "xn--bcher-kva.de", IDN),
        arguments("IDN upper case", "BÜCHER.de", "xn--bcher-kva.de", IDN),
        arguments(
            "IDN in a URL",
            "https://www.bücher.de/",
            "xn--bcher-kva.de",
            URL + "; " + WWW + "; " + IDN),
        arguments(
            "ideographic full stop",
            "bücher\u3002de",
            "xn--bcher-kva.de",
            "replaced ideographic full stops; " + IDN),
        arguments("IDN TLD", "example.рф", "example.xn--p1ai", IDN),
        // IDNA2003, as java.net.IDN implements it, maps ß to ss; IDNA2008 registries would use
        // xn--fa-hia.de. Pinned so that a switch to IDNA2008 shows up here.
        arguments("IDNA2003 sharp s", "faß.de", "fass.de", IDN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedCells")
  void acceptsAndNotesWhatChanged(String what, String raw, String domain, String note) {
    Normalized result = DomainNormalizer.normalize(raw);

    assertThat(result.accepted()).as("accepted: %s", result).isTrue();
    assertThat(result.domain()).isEqualTo(domain);
    assertThat(result.note()).isEqualTo(note);
    assertThat(result.rejectReason()).isNull();
  }

  static Stream<Arguments> rejectedCells() {
    return Stream.of(
        arguments("null", null, "empty"),
        arguments("empty", "", "empty"),
        arguments("blank", " \t\r", "empty"),
        arguments("only a byte order mark", "\uFEFF", "empty"),
        arguments("comment", "# municipalities", "comment"),
        arguments("indented comment", "  #x.nl", "comment"),
        arguments("root only", ".", "empty"),
        arguments("double dot", "x..nl", "empty label"),
        arguments("two trailing dots", "x.nl..", "empty label"),
        arguments("leading dot", ".x.nl", "empty label"),
        arguments("IPv4", "192.0.2.1", IP),
        arguments("IPv4 with port", "192.0.2.1:80", IP),
        arguments("IPv4 in a URL", "http://192.0.2.1/", IP),
        arguments("IPv4 with trailing dot", "192.0.2.1.", IP),
        arguments("IPv6", "2001:db8::1", IP),
        arguments("bracketed IPv6", "[2001:db8::1]", IP),
        arguments("bracketed IPv6 with port", "[2001:db8::1]:443", IP),
        arguments("IPv6 in a URL", "https://[2001:db8::1]:8443/x", IP),
        arguments(
            "64-octet label",
            "a".repeat(64) + ".nl",
            "label longer than 63 octets: " + "a".repeat(20) + "…"),
        arguments("254-octet name", name(254), "name longer than 253 octets (254)"),
        arguments("underscore", "a_b.nl", "invalid character '_' in label 'a_b'"),
        arguments("space inside", "a b.nl", "invalid character ' ' in label 'a b'"),
        arguments("comma-joined list", "x.nl,y.nl", "invalid character ',' in label 'nl,y'"),
        arguments(
            "control character", "a\u0001b.nl", "invalid character '\\u0001' in label 'a\\u0001b'"),
        arguments("tab inside", "a\tb.nl", "invalid character '\\u0009' in label 'a\\u0009b'"),
        arguments(
            "delete character", "ab\u007F.nl", "invalid character '\\u007F' in label 'ab\\u007F'"),
        arguments("non-numeric port", "x.nl:http", "invalid character ':' in label 'nl:http'"),
        arguments("leading hyphen", "-x.nl", "label '-x' starts with a hyphen"),
        arguments("trailing hyphen", "x-.nl", "label 'x-' ends with a hyphen"),
        arguments("single label", "localhost", "single label, not a registrable domain"),
        arguments("single label after www", "www.", "single label, not a registrable domain"),
        arguments("numeric TLD", "x.123", "all-numeric top-level label '123'"),
        arguments("not quite an IPv4", "1.2.3.256", "all-numeric top-level label '256'"),
        arguments("URL without host", "https:///path", "URL without a host"),
        arguments("e-mail without domain", "info@", "e-mail address without a domain"),
        arguments("path without host", "/contact", "path without a host"),
        arguments(
            "ACE prefix on a U-label",
            "xn--bücher.de",
            "invalid internationalised name: the input starts with the ACE Prefix"),
        arguments(
            "prohibited code point",
            "a\u0085bü.de",
            "invalid internationalised name: a prohibited code point was found in the input"),
        arguments(
            "BiDi rule",
            "üا.de",
            "invalid internationalised name: the input does not conform to the rules for BiDi"
                + " code points"),
        arguments(
            "IDN label too long",
            "ü".repeat(70) + ".de",
            "invalid internationalised name: the label in the input is too long"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedCells")
  void rejectsWithAReasonAPersonUnderstands(String what, String raw, String reason) {
    Normalized result = DomainNormalizer.normalize(raw);

    assertThat(result.accepted()).as("accepted: %s", result).isFalse();
    assertThat(result.rejectReason()).isEqualTo(reason);
    assertThat(result.domain()).isNull();
    assertThat(result.note()).isNull();
  }

  @Test
  void reasonsAreLowerCasePhrasesWithoutAFinalPeriod() {
    rejectedCells()
        .map(arguments -> (String) arguments.get()[2])
        .forEach(
            reason -> {
              assertThat(reason).doesNotEndWith(".");
              String firstWord = reason.split(" ")[0];
              assertThat(firstWord)
                  .as("first word of '%s' is lower case or an acronym", reason)
                  .satisfiesAnyOf(
                      word -> assertThat(word).isLowerCase(),
                      word -> assertThat(word).isUpperCase());
            });
  }

  @Test
  void neverThrowsAndAcceptedDomainsAreStable() {
    String alphabet = "ab0-_.:/@[]#?%é\u00FC\u0000\u0085\u3002\uFEFF \t\r\uD800xnw";
    Random random = new Random(20240601);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder raw = new StringBuilder();
      int length = random.nextInt(24);
      for (int i = 0; i < length; i++) {
        raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }

      Normalized result = DomainNormalizer.normalize(raw.toString());

      if (result.accepted()) {
        assertThat(result.domain()).as("from '%s'", raw).matches("[a-z0-9.-]+");
        if (!result.domain().startsWith("www.")) {
          assertThat(DomainNormalizer.normalize(result.domain()))
              .as("normalising '%s' again", result.domain())
              .isEqualTo(Normalized.accepted(result.domain(), null));
        }
      } else {
        assertThat(result.rejectReason()).as("from '%s'", raw).isNotBlank();
      }
    }
  }

  @Test
  void normalizedHoldsEitherADomainOrAReason() {
    assertThat(Normalized.rejected("empty").accepted()).isFalse();
    assertThat(Normalized.accepted("x.nl", null).accepted()).isTrue();
    assertThatIllegalArgumentException().isThrownBy(() -> new Normalized("x.nl", null, "empty"));
    assertThatIllegalArgumentException().isThrownBy(() -> new Normalized(null, null, null));
    assertThatIllegalArgumentException().isThrownBy(() -> new Normalized(null, "note", "empty"));
  }

  /** A name of exactly {@code length} characters made of 63-octet labels and a short tail. */
  private static String name(int length) {
    StringBuilder name = new StringBuilder();
    while (length - name.length() > 64) {
      name.append("a".repeat(63)).append('.');
    }
    int rest = length - name.length();
    if (rest > 3) {
      name.append("b".repeat(rest - 3)).append('.');
    }
    return name.append("nl").toString();
  }
}

package io.mailsov.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegisteredDomainsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "example.nl, example.nl",
        "mail.example.nl, example.nl",
        "MAIL.Example.NL., example.nl",
        "mail.gemeente.co.uk, gemeente.co.uk",
        "x.co.uk, x.co.uk",
        "a.b.gemeinde.ch, gemeinde.ch",
        "co.uk, co.uk",
        "nl, nl",
        "192.0.2.1, null",
        "'', null",
        "bad..name, null",
        "-bad.example, null",
      })
  void registeredDomainFollowsThePublicSuffixList(String name, String expected) {
    assertThat(RegisteredDomains.registeredDomain(name)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "mail.gemeente.co.uk, gemeente.co.uk, true",
    "mail.gemeente.co.uk, x.co.uk, false",
    "mx1.gemeinde.ch, gemeinde.ch, true",
    "gemeinde-ch.mail.protection.outlook.com, gemeinde.ch, false",
    "192.0.2.1, 192.0.2.1, false",
  })
  void sameRegisteredDomainNeedsMoreThanASharedSuffix(String a, String b, boolean same) {
    assertThat(RegisteredDomains.sameRegisteredDomain(a, b)).isEqualTo(same);
  }
}

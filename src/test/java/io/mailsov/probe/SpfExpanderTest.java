package io.mailsov.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.DnsAnswer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** RFC 7208 evaluation order and limits, against an in-memory table of TXT answers. */
class SpfExpanderTest {
  private final Map<Name, DnsAnswer> answers = new HashMap<>();
  private final List<Name> asked = new ArrayList<>();
  private final SpfExpander expander =
      new SpfExpander(
          name -> {
            asked.add(name);
            DnsAnswer a = answers.get(name);
            return CompletableFuture.completedFuture(
                a != null
                    ? a
                    : new DnsAnswer(
                        name,
                        Type.TXT,
                        DnsAnswer.Outcome.REPLY,
                        Rcode.NXDOMAIN,
                        List.of(),
                        "",
                        1,
                        false,
                        ""));
          });

  private static Name n(String s) {
    return Name.fromConstantString(s + ".");
  }

  private void txt(String owner, String... strings) {
    List<org.xbill.DNS.Record> records = new ArrayList<>();
    DnsAnswer old = answers.get(n(owner));
    if (old != null) {
      records.addAll(old.answers());
    }
    // A character-string holds at most 255 octets (RFC 1035 section 3.3); split longer text.
    List<String> parts = new ArrayList<>();
    for (String text : strings) {
      for (int i = 0; i < text.length(); i += 255) {
        parts.add(text.substring(i, Math.min(text.length(), i + 255)));
      }
    }
    records.add(new TXTRecord(n(owner), DClass.IN, 300, parts));
    answers.put(
        n(owner),
        new DnsAnswer(n(owner), Type.TXT, DnsAnswer.Outcome.REPLY, 0, records, "", 1, false, ""));
  }

  private SpfExpansion expand(String record) {
    return expander.expand("example.nl", List.of(record)).join();
  }

  private static List<String> domains(SpfExpansion e) {
    return e.targets().stream().map(SpfExpansion.Target::domain).toList();
  }

  @Test
  void nestedIncludesAreWalkedWithTheirDepth() {
    txt("spf.hoster.nl", "v=spf1 include:spf.protection.outlook.com include:_spf.hoster.nl ~all");
    txt("spf.protection.outlook.com", "v=spf1 ip4:40.92.0.0/15 -all");
    txt("_spf.hoster.nl", "v=spf1 ip4:192.0.2.0/24 -all");
    txt("mailer.example", "v=spf1 ip4:198.51.100.0/24 -all");

    SpfExpansion e = expand("v=spf1 mx include:spf.hoster.nl include:mailer.example -all");

    assertThat(e.error()).isNull();
    assertThat(e.targets())
        .containsExactly(
            new SpfExpansion.Target("spf.hoster.nl", 1, "include"),
            new SpfExpansion.Target("mailer.example", 1, "include"),
            new SpfExpansion.Target("spf.protection.outlook.com", 2, "include"),
            new SpfExpansion.Target("_spf.hoster.nl", 2, "include"));
    assertThat(e.lookupTerms()).as("mx + 4 includes").isEqualTo(5);
  }

  @Test
  void theEleventhLookupTermEndsTheWalkWithPermerror() {
    StringBuilder record = new StringBuilder("v=spf1 a mx");
    for (int i = 0; i < 12; i++) {
      record.append(" include:s").append(i).append(".example");
      txt("s" + i + ".example", "v=spf1 -all");
    }

    SpfExpansion e = expand(record + " -all");

    assertThat(e.error()).contains("more than 10 DNS-querying terms").contains("4.6.4");
    assertThat(e.targets()).as("every name in the record is noted").hasSize(12);
    assertThat(asked).as("nothing is asked past the limit").hasSize(8);
  }

  @Test
  void termsOfIncludedRecordsCountTowardTheSameLimit() {
    txt("a.example", "v=spf1 include:b.example a a a a -all");
    txt("b.example", "v=spf1 include:c.example a a a a -all");
    txt("c.example", "v=spf1 -all");

    SpfExpansion e = expand("v=spf1 include:a.example -all");

    assertThat(e.lookupTerms()).isEqualTo(11);
    assertThat(e.error()).contains("more than 10");
    assertThat(domains(e)).containsExactly("a.example", "b.example", "c.example");
  }

  @Test
  void anIncludeLoopIsCaughtAndNamed() {
    txt("a.example", "v=spf1 include:b.example -all");
    txt("b.example", "v=spf1 include:a.example -all");

    SpfExpansion e = expand("v=spf1 include:a.example -all");

    assertThat(e.error()).startsWith("loop: example.nl -> a.example -> b.example -> a.example");
    assertThat(asked).hasSize(2);
  }

  @Test
  void aDomainIncludingItselfIsALoop() {
    SpfExpansion e = expand("v=spf1 include:example.nl -all");

    assertThat(e.error()).startsWith("loop: example.nl -> example.nl");
    assertThat(asked).isEmpty();
  }

  @Test
  void sameIncludeInTwoBranchesIsNotALoopButCountsTwice() {
    txt("a.example", "v=spf1 include:shared.example -all");
    txt("b.example", "v=spf1 include:shared.example -all");
    txt("shared.example", "v=spf1 -all");

    SpfExpansion e = expand("v=spf1 include:a.example include:b.example -all");

    assertThat(e.error()).isNull();
    assertThat(e.lookupTerms()).isEqualTo(4);
  }

  @Test
  void aVoidIncludeIsAPermerrorAndCounted() {
    SpfExpansion e = expand("v=spf1 include:gone.example include:never.example -all");

    assertThat(e.voidLookups()).isEqualTo(1);
    assertThat(e.error()).contains("include:gone.example: NXDOMAIN").contains("permerror");
    assertThat(domains(e))
        .as("a broken include does not hide the names after it")
        .containsExactly("gone.example", "never.example");
    assertThat(asked).hasSize(1);
  }

  @Test
  void anIncludeWithTxtButNoSpfRecordIsAPermerrorNotAVoidLookup() {
    txt("other.example", "google-site-verification=abc");

    SpfExpansion e = expand("v=spf1 include:other.example -all");

    assertThat(e.voidLookups()).isZero();
    assertThat(e.error()).contains("no SPF record");
  }

  @Test
  void failedLookupIsATemperror() {
    answers.put(
        n("down.example"),
        new DnsAnswer(
            n("down.example"),
            Type.TXT,
            DnsAnswer.Outcome.TIMEOUT,
            -1,
            List.of(),
            "timeout",
            3,
            false,
            ""));

    SpfExpansion e = expand("v=spf1 include:down.example -all");

    assertThat(e.error()).contains("timeout").contains("temperror");
  }

  @Test
  void redirectIsFollowedOnlyWithoutAnAllMechanism() {
    txt("_spf.provider.example", "v=spf1 ip4:192.0.2.0/24 -all");

    SpfExpansion followed = expand("v=spf1 redirect=_spf.provider.example");
    assertThat(followed.targets())
        .containsExactly(new SpfExpansion.Target("_spf.provider.example", 1, "redirect"));
    assertThat(followed.lookupTerms()).isEqualTo(1);

    asked.clear();
    SpfExpansion ignored = expand("v=spf1 -all redirect=_spf.provider.example");
    assertThat(ignored.targets()).as("RFC 7208 section 6.1").isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void aDomainWithoutSpfHasNone() {
    assertThat(expander.expand("example.nl", List.of("MS=ms123", "hello")).join())
        .isEqualTo(SpfExpansion.NONE);
    assertThat(expander.expand("example.nl", List.of("v=spf10 include:x.example")).join())
        .as("v=spf1 must end or be followed by a space")
        .isEqualTo(SpfExpansion.NONE);
  }

  @Test
  void twoSpfRecordsAreAPermerror() {
    SpfExpansion e =
        expander.expand("example.nl", List.of("v=spf1 -all", "V=SPF1 include:x.example")).join();

    assertThat(e.error()).contains("more than one SPF record");
    assertThat(e.targets()).isEmpty();
  }

  @Test
  void anUnknownMechanismMakesTheRecordAPermerror() {
    SpfExpansion e = expand("v=spf1 include:x.example bogus:thing -all");

    assertThat(e.error()).contains("unknown mechanism 'bogus:thing'");
    assertThat(asked).isEmpty();
  }

  @Test
  void unknownModifiersAndQualifiersAreAccepted() {
    txt("x.example", "v=spf1 -all");

    SpfExpansion e = expand("v=spf1 ?include:x.example exp=explain.example foo=bar ~all");

    assertThat(e.error()).isNull();
    assertThat(domains(e)).containsExactly("x.example");
  }

  @Test
  void domainMacroIsExpandedAndSenderMacrosAreNot() {
    txt("example.nl.spf.filter.example", "v=spf1 -all");

    assertThat(domains(expand("v=spf1 include:%{d}.spf.filter.example -all")))
        .containsExactly("example.nl.spf.filter.example");

    SpfExpansion e = expand("v=spf1 include:%{i}._spf.example -all");
    assertThat(e.error()).contains("cannot be resolved without a sender");
    assertThat(e.targets()).isEmpty();
  }

  @Test
  void theFixedPartOfAnExistsTermIsKeptWithoutBeingAsked() {
    SpfExpansion e = expand("v=spf1 exists:%{i}.spf.hc1234-56.iphmx.com exists:%{i} -all");

    assertThat(e.targets())
        .containsExactly(new SpfExpansion.Target("spf.hc1234-56.iphmx.com", 1, "exists"));
    assertThat(e.lookupTerms()).isEqualTo(2);
    assertThat(asked).isEmpty();
  }

  @Test
  void aRecordSplitIntoStringsIsJoinedWithoutSpaces() {
    txt("x.example", "v=spf1 include:y", ".example -all");
    txt("y.example", "v=spf1 -all");

    SpfExpansion e = expand("v=spf1 include:x.example -all");

    assertThat(domains(e)).containsExactly("x.example", "y.example");
  }

  @Test
  void aBombOfManyIncludesCostsAtMostTenQuestions() {
    StringBuilder record = new StringBuilder("v=spf1");
    for (int i = 0; i < 500; i++) {
      record.append(" include:bomb").append(i).append(".example");
      StringBuilder inner = new StringBuilder("v=spf1");
      for (int j = 0; j < 10; j++) {
        String name = "inner" + i + "-" + j + ".example";
        inner.append(" include:").append(name);
        txt(name, "v=spf1 ip4:192.0.2.1 -all");
      }
      txt("bomb" + i + ".example", inner + " -all");
    }

    SpfExpansion e = expand(record + " -all");

    assertThat(asked).hasSize(SpfExpander.MAX_LOOKUP_TERMS);
    assertThat(e.error()).contains("more than 10");
    assertThat(e.targets()).hasSizeLessThanOrEqualTo(2 * SpfExpander.MAX_TARGETS_NOTED);
  }
}

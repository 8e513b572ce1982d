package io.mailsov.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;

/**
 * Every catalogue provider has a small zone file of what one of its real customers publishes, and
 * every record in it that names a provider is recognised through the public matching API.
 *
 * <p>Each file under {@value #DIR} starts with a line {@code ; expect: provider=<id|->
 * gateway=<id|-> dns=<id|self|->}: the mailbox provider, the gateway in front of it and the
 * operator of the name servers ({@code self} when they are under the domain's own name) that a
 * classification of the zone should report. The classifier's own tests read the same files.
 */
class ProviderRecordSetsTest {
  static final String DIR = "src/test/resources/io/mailsov/classify/records";

  private static final Path CONF = Path.of("conf", "providers.yaml");
  private static final Pattern EXPECT =
      Pattern.compile("; expect: provider=(\\S+) gateway=(\\S+) dns=(\\S+)");

  /**
   * Signals of a provider that no realistic customer record set shows, with the reason. Keep it
   * short: a pattern nobody's records use is a pattern to question.
   */
  private static final Map<String, Set<String>> UNSEEN =
      Map.of(
          // Hosting customers' MX records name their own mail.<domain> host on an Antagonist
          // server; the antagonist.nl suffix only covers Antagonist's shared hosts.
          "antagonist", Set.of("mx"));

  private static Catalogue catalogue;

  @BeforeAll
  static void load() {
    catalogue = Catalogue.load(CONF);
  }

  static Stream<String> providerIds() {
    return Catalogue.load(CONF).providers().stream().map(Provider::id);
  }

  @Test
  void everyCatalogueProviderHasARecordSet() {
    List<String> missing =
        catalogue.providers().stream()
            .map(Provider::id)
            .filter(id -> !Files.isRegularFile(file(id)))
            .toList();

    assertThat(missing).as("providers without %s/<id>.zone", DIR).isEmpty();
  }

  @Test
  void everyRecordSetNamesACatalogueProvider() throws IOException {
    List<String> strays;
    try (Stream<Path> files = Files.list(Path.of(DIR))) {
      strays =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> !n.endsWith(".zone") || catalogue.byId(stem(n)).isEmpty())
              .toList();
    }

    assertThat(strays).as("files in %s that name no catalogue provider", DIR).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providerIds")
  void recordSetIsRecognisedThroughTheMatchingApi(String id) throws IOException {
    RecordSet set = RecordSet.read(file(id));
    Provider provider = catalogue.byId(id).orElseThrow();

    assertThat(set.problems).as("records of %s that do not match as expected", id).isEmpty();
    if (hasNamePatterns(provider.patterns())) {
      assertThat(set.matched.keySet())
          .as("%s must be named by one of its own records", id)
          .contains(id);
      assertThat(List.of(set.provider, set.gateway, set.dns))
          .as("the expect line of %s.zone must name %s", id, id)
          .contains(id);
    }
  }

  @Test
  void everySignalOfEveryProviderIsExercisedByARecordSet() throws IOException {
    Map<String, Set<String>> seen = new HashMap<>();
    for (Provider p : catalogue.providers()) {
      RecordSet set = RecordSet.read(file(p.id()));
      set.matched.forEach(
          (id, signals) -> seen.computeIfAbsent(id, k -> new HashSet<>()).addAll(signals));
    }

    Map<String, Set<String>> unexercised = new TreeMap<>();
    for (Provider p : catalogue.providers()) {
      for (String signal : signals(p.patterns())) {
        boolean exempt = UNSEEN.getOrDefault(p.id(), Set.of()).contains(signal);
        boolean used = seen.getOrDefault(p.id(), Set.of()).contains(signal);
        if (used == exempt) {
          unexercised.computeIfAbsent(p.id(), k -> new TreeSet<>()).add(signal);
        }
      }
    }

    assertThat(unexercised)
        .as("signals with patterns that no record set uses (or exempt ones that one does)")
        .isEmpty();
  }

  private static Path file(String id) {
    return Path.of(DIR, id + ".zone");
  }

  private static String stem(String fileName) {
    return fileName.substring(0, fileName.length() - ".zone".length());
  }

  private static boolean hasNamePatterns(Provider.Patterns p) {
    return !signals(p).isEmpty();
  }

  /** The signals a zone file can show; AS numbers need addresses and a routing table. */
  private static Set<String> signals(Provider.Patterns p) {
    Map<String, List<?>> all =
        Map.of(
            "mx", p.mx(),
            "spf", p.spf(),
            "dkim", p.dkim(),
            "autodiscover", p.autodiscover(),
            "verification", p.verification(),
            "ns", p.ns());
    Set<String> signals = new TreeSet<>();
    all.forEach(
        (signal, patterns) -> {
          if (!patterns.isEmpty()) {
            signals.add(signal);
          }
        });
    return signals;
  }

  /** One parsed zone file: what it expects, what matched, and what did not match as expected. */
  private static final class RecordSet {
    private static final Name AUTODISCOVER = Name.fromConstantString("autodiscover");
    private static final Name AUTODISCOVER_SRV = Name.fromConstantString("_autodiscover._tcp");
    private static final Name DOMAINKEY = Name.fromConstantString("_domainkey");

    final String provider;
    final String gateway;
    final String dns;
    final Map<String, Set<String>> matched = new HashMap<>();
    final List<String> problems = new ArrayList<>();
    private Name apex;

    private RecordSet(String provider, String gateway, String dns) {
      this.provider = provider;
      this.gateway = gateway;
      this.dns = dns;
    }

    static RecordSet read(Path file) throws IOException {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Matcher m = EXPECT.matcher(text.lines().findFirst().orElse(""));
      if (!m.matches()) {
        fail(file + " must start with '; expect: provider=<id|-> gateway=<id|-> dns=<id|->'");
      }
      RecordSet set = new RecordSet(m.group(1), m.group(2), m.group(3));
      for (String id : List.of(set.provider, set.gateway, set.dns)) {
        boolean reserved = id.equals("-") || id.equals(Catalogue.SELF);
        if (!reserved && catalogue.byId(id).isEmpty()) {
          fail(file + " expects '" + id + "', which is not in the catalogue");
        }
      }
      try (InputStream in = Files.newInputStream(file);
          Master master = new Master(in)) {
        for (org.xbill.DNS.Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
          set.check(r);
        }
      }
      if (set.apex == null) {
        fail(file + " has no SOA record to mark the zone apex");
      }
      return set;
    }

    private void check(org.xbill.DNS.Record r) {
      if (r instanceof SOARecord) {
        apex = r.getName();
        return;
      }
      if (apex == null) {
        problems.add("the SOA record must come first: " + r);
        return;
      }
      Name owner = r.getName();
      if (r instanceof MXRecord mx && owner.equals(apex)) {
        String wanted = gateway.equals("-") ? provider : gateway;
        expect(r, "mx", mx.getTarget(), catalogue::matchMx, Set.of(wanted), true);
      } else if (r instanceof NSRecord ns && owner.equals(apex)) {
        expect(r, "ns", ns.getTarget(), catalogue::matchNs, Set.of(dns), true);
      } else if (r instanceof TXTRecord txt && owner.equals(apex)) {
        // RFC 7208 section 3.3: the strings of one TXT record are joined without spaces.
        String value = String.join("", txt.getStrings());
        if (value.toLowerCase(Locale.ROOT).startsWith("v=spf1 ")) {
          for (String target : spfTargets(value)) {
            expectName(r, "spf", target, catalogue::matchSpf, mailParties());
          }
        } else {
          Optional<Provider> p = catalogue.matchVerification(value);
          record(r, "verification", p, mailParties(), false);
        }
      } else if (r instanceof CNAMERecord cname && isDkim(owner)) {
        expect(r, "dkim", cname.getTarget(), catalogue::matchDkim, mailParties(), false);
      } else if (r instanceof CNAMERecord cname && owner.equals(concat(AUTODISCOVER))) {
        expect(
            r,
            "autodiscover",
            cname.getTarget(),
            catalogue::matchAutodiscover,
            mailParties(),
            false);
      } else if (r instanceof SRVRecord srv && owner.equals(concat(AUTODISCOVER_SRV))) {
        expect(
            r, "autodiscover", srv.getTarget(), catalogue::matchAutodiscover, mailParties(), false);
      }
    }

    private Set<String> mailParties() {
      Set<String> parties = new HashSet<>(List.of(provider, gateway));
      parties.remove("-");
      return parties;
    }

    private boolean isDkim(Name owner) {
      return owner.labels() == apex.labels() + 2 && owner.subdomain(concat(DOMAINKEY));
    }

    private Name concat(Name relative) {
      try {
        return Name.concatenate(relative, apex);
      } catch (NameTooLongException e) {
        throw new IllegalStateException("zone apex " + apex + " is too long", e);
      }
    }

    /**
     * A target inside the zone itself (the customer's own mail.<domain>) names no provider and is
     * allowed where {@code ownHostAllowed}; MX and NS targets of a self-hosted or unlisted operator
     * are then simply unmatched.
     */
    private void expect(
        org.xbill.DNS.Record r,
        String signal,
        Name target,
        Function<String, Optional<Provider>> match,
        Set<String> wanted,
        boolean unmatchedAllowed) {
      Optional<Provider> p = match.apply(target.toString());
      boolean own = target.subdomain(apex);
      record(r, signal, p, wanted, unmatchedAllowed && wanted.contains("-") || own);
    }

    private void expectName(
        org.xbill.DNS.Record r,
        String signal,
        String target,
        Function<String, Optional<Provider>> match,
        Set<String> wanted) {
      record(r, signal, match.apply(target), wanted, false);
    }

    private void record(
        org.xbill.DNS.Record r,
        String signal,
        Optional<Provider> p,
        Set<String> wanted,
        boolean unmatchedAllowed) {
      if (p.isPresent()) {
        matched.computeIfAbsent(p.get().id(), k -> new HashSet<>()).add(signal);
        if (!wanted.contains(p.get().id())) {
          problems.add(signal + " " + r + " matches " + p.get().id() + ", expected " + wanted);
        }
      } else if (!unmatchedAllowed) {
        problems.add(signal + " " + r + " matches no provider, expected " + wanted);
      }
    }

    /**
     * The include: and redirect= domains of an SPF record (RFC 7208 sections 5.2 and 6.1), and the
     * fixed tail of exists: domain-specs (section 5.7) after their macro labels, as in Cisco's
     * {@code exists:%{i}.spf.hc1234-56.iphmx.com}.
     */
    private static List<String> spfTargets(String spf) {
      List<String> targets = new ArrayList<>();
      for (String term : spf.trim().split("\\s+")) {
        String t = term.toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && "+-~?".indexOf(t.charAt(0)) >= 0) {
          t = t.substring(1);
        }
        if (t.startsWith("include:")) {
          targets.add(t.substring("include:".length()));
        } else if (t.startsWith("redirect=")) {
          targets.add(t.substring("redirect=".length()));
        } else if (t.startsWith("exists:")) {
          String spec = t.substring("exists:".length());
          int macro = spec.lastIndexOf('}');
          targets.add(macro < 0 ? spec : spec.substring(spec.indexOf('.', macro) + 1));
        }
      }
      return targets;
    }
  }
}

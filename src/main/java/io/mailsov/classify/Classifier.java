package io.mailsov.classify;

import com.google.common.net.InetAddresses;
import io.mailsov.probe.MailObservation;
import io.mailsov.probe.MxHost;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what the probe saw of a domain's mail into a {@link Verdict}: who operates it, under which
 * jurisdiction, and the MX evidence behind that.
 *
 * <p>MX weights: RFC 5321 section 5.1 makes senders try the lowest preference first and spread load
 * over hosts of equal preference, so hosts are ranked by their distinct preference values and hosts
 * of one preference share a rank. The first rank gets {@value #PRIMARY_WEIGHT}, the second {@value
 * #SECOND_WEIGHT} and every later one {@value #LATER_WEIGHT}: backups only see mail when every
 * better host fails, so they say less about who holds the mailboxes. Ranks, not raw preference
 * numbers, because the numbers are arbitrary (0/5 and 10/20 mean the same). Hosts that cannot
 * receive mail (IP literals, a "." target among other records) are left out of the ranking, weigh 0
 * and are reported as neutral evidence.
 *
 * <p>The verdict's provider is the mailbox provider (or {@code self}) with the highest summed
 * weight; a filtering gateway that receives mail no later than that provider is named in {@code
 * gateway}, and when no mailbox evidence exists the gateway itself is the provider. Confidence is
 * the share of all MX weight that agrees with the verdict (its provider plus its gateway), so mixed
 * MX sets lower it.
 *
 * <p>Immutable and serialisable: build one per scan on the driver and ship it to executors.
 */
public final class Classifier implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int PRIMARY_WEIGHT = 100;
  static final int SECOND_WEIGHT = 50;
  static final int LATER_WEIGHT = 25;

  /** EU member states plus the EEA's Iceland, Liechtenstein and Norway. Switzerland is neither. */
  static final Set<String> EU_EEA =
      Set.of(
          "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

  private static final int MAX_DETAIL = 300;

  private final Catalogue catalogue;
  private final String scanCountry;

  /**
   * @param catalogue the provider rules
   * @param scanCountry ISO 3166 alpha-2 code of the country being measured ({@code --country});
   *     providers headquartered there are {@link Category#NATIONAL}
   */
  public Classifier(Catalogue catalogue, String scanCountry) {
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue is null");
    Objects.requireNonNull(scanCountry, "scanCountry is null");
    String country = scanCountry.strip().toUpperCase(Locale.ROOT);
    if (!Catalogue.isIsoCountry(country)) {
      throw new IllegalArgumentException(
          "Invalid scan country '"
              + scanCountry
              + "': expected an ISO 3166 alpha-2 code such as NL");
    }
    this.scanCountry = country;
  }

  public String scanCountry() {
    return scanCountry;
  }

  public Verdict classify(MailObservation obs) {
    Objects.requireNonNull(obs, "obs is null");
    String domain = printable(obs.domain(), false);
    return switch (obs.status()) {
      case OK -> classifyMx(obs);
      case NULL_MX -> none(new Evidence("null_mx", null, 100, "RFC 7505 null MX: accepts no mail"));
      case NO_MX ->
          none(
              new Evidence(
                  "implicit_mx",
                  null,
                  100,
                  "no MX; RFC 5321 section 5.1 would deliver to the A/AAAA of "
                      + domain
                      + ", not counted as a provider"));
      case NXDOMAIN ->
          none(new Evidence("nxdomain", null, 100, "NXDOMAIN: " + domain + " does not exist"));
      case SERVFAIL, REFUSED, TIMEOUT, INVALID_RESPONSE ->
          unknown(
              0,
              List.of(
                  new Evidence(
                      obs.status().label(),
                      null,
                      0,
                      obs.status().name()
                          + " for the MX query: "
                          + printable(obs.detail(), true))));
    };
  }

  private Verdict classifyMx(MailObservation obs) {
    List<MxHost> hosts = new ArrayList<>(obs.mx());
    hosts.sort(Comparator.comparingInt(MxHost::preference).thenComparing(MxHost::host));
    if (hosts.isEmpty()) {
      return unknown(
          0, List.of(new Evidence("mx", null, 0, "status OK but the MX answer listed no hosts")));
    }
    List<Integer> ranks = usablePreferences(hosts);

    List<Evidence> evidence = new ArrayList<>();
    Map<String, Integer> weights = new LinkedHashMap<>();
    Map<String, Integer> bestRank = new LinkedHashMap<>();
    int total = 0;
    for (MxHost mx : hosts) {
      Evidence e = hostEvidence(obs.domain(), mx, ranks);
      evidence.add(e);
      total += e.weight();
      if (e.provider() != null) {
        weights.merge(e.provider(), e.weight(), Integer::sum);
        bestRank.putIfAbsent(e.provider(), ranks.indexOf(mx.preference()));
      }
    }

    String mailbox = heaviest(weights, false);
    String gateway = heaviest(weights, true);
    if (mailbox != null && gateway != null && bestRank.get(gateway) > bestRank.get(mailbox)) {
      // A filter listed only behind the mailbox host is a fallback, not in front of it.
      gateway = null;
    }
    String winner = mailbox != null ? mailbox : gateway;
    if (winner == null) {
      return unknown(0, evidence);
    }
    int support = weights.get(winner);
    if (gateway != null && !gateway.equals(winner)) {
      support += weights.get(gateway);
    }
    int confidence = total == 0 ? 0 : (int) Math.round(100.0 * support / total);
    if (winner.equals(Catalogue.SELF)) {
      return new Verdict(
          Catalogue.SELF,
          "Self-hosted",
          null,
          null,
          false,
          Category.SELF_HOSTED,
          gateway,
          confidence,
          evidence);
    }
    Provider p = catalogue.byId(winner).orElseThrow();
    return new Verdict(
        p.id(),
        p.name(),
        p.company(),
        p.country(),
        p.usJurisdiction(),
        category(p),
        gateway,
        confidence,
        evidence);
  }

  /** The distinct preferences of hosts that can receive mail, lowest first: index = rank. */
  private static List<Integer> usablePreferences(List<MxHost> hosts) {
    TreeSet<Integer> prefs = new TreeSet<>();
    for (MxHost mx : hosts) {
      if (unusable(mx.host()) == null) {
        prefs.add(mx.preference());
      }
    }
    return List.copyOf(prefs);
  }

  private Evidence hostEvidence(String domain, MxHost mx, List<Integer> ranks) {
    String host = mx.host();
    String record = "MX " + mx.preference() + " " + printable(host.isEmpty() ? "." : host, false);
    String why = unusable(host);
    if (why != null) {
      return new Evidence("mx", null, 0, record + " (" + why + ")");
    }
    int weight = weight(ranks.indexOf(mx.preference()));

    var direct = catalogue.matchMx(host);
    if (direct.isPresent()) {
      return new Evidence("mx", direct.get().id(), weight, record);
    }
    if (!mx.cnameChain().isEmpty()) {
      String end = mx.cnameChain().get(mx.cnameChain().size() - 1);
      var aliased = catalogue.matchMx(end);
      if (aliased.isPresent()) {
        // RFC 2181 section 10.3 forbids an MX target to be an alias, but the mail still goes to
        // the end of the chain, so that is whose host it is.
        return new Evidence(
            "mx_cname", aliased.get().id(), weight, record + " CNAME " + printable(end, false));
      }
    }
    if (RegisteredDomains.sameRegisteredDomain(host, domain)) {
      return new Evidence(
          "mx",
          Catalogue.SELF,
          weight,
          record + " (under the domain's own registered domain, no provider matches)");
    }
    return new Evidence("mx", null, weight, record + " (no provider matches)");
  }

  /** Why a host cannot receive mail, or {@code null} when it can. */
  private static String unusable(String host) {
    if (host.isEmpty() || host.equals(".")) {
      return "null target among other MX records; RFC 7505 section 3 forbids mixing, ignored";
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (InetAddresses.isInetAddress(bare)) {
      return "IP literal; RFC 5321 section 5.1 needs a host name here, ignored";
    }
    return null;
  }

  private static int weight(int rank) {
    return switch (rank) {
      case 0 -> PRIMARY_WEIGHT;
      case 1 -> SECOND_WEIGHT;
      default -> LATER_WEIGHT;
    };
  }

  /** The heaviest mailbox (or gateway) candidate; ties go to the one listed first. */
  private String heaviest(Map<String, Integer> weights, boolean gateways) {
    String best = null;
    int bestWeight = -1;
    for (Map.Entry<String, Integer> e : weights.entrySet()) {
      boolean isGateway =
          !e.getKey().equals(Catalogue.SELF)
              && catalogue.byId(e.getKey()).orElseThrow().kind() == Provider.Kind.GATEWAY;
      if (isGateway == gateways && e.getValue() > bestWeight) {
        best = e.getKey();
        bestWeight = e.getValue();
      }
    }
    return best;
  }

  Category category(Provider p) {
    if (p.id().equals("microsoft")) {
      return Category.MICROSOFT;
    }
    if (p.id().equals("google")) {
      return Category.GOOGLE;
    }
    if (p.usJurisdiction()) {
      return Category.OTHER_US;
    }
    if (p.country().equals(scanCountry)) {
      return Category.NATIONAL;
    }
    if (EU_EEA.contains(p.country())) {
      return Category.EU;
    }
    return Category.OTHER_FOREIGN;
  }

  private static Verdict none(Evidence evidence) {
    return new Verdict(null, null, null, null, false, Category.NONE, null, 100, List.of(evidence));
  }

  private static Verdict unknown(int confidence, List<Evidence> evidence) {
    return new Verdict(null, null, null, null, false, Category.UNKNOWN, null, confidence, evidence);
  }

  /**
   * DNS data as plain printable text: anything outside printable ASCII (and a backslash) becomes an
   * RFC 1035 section 5.1 style {@code \DDD} escape, so a crafted name cannot smuggle control
   * characters or line breaks into reports; long text is cut.
   */
  static String printable(String text, boolean allowSpaces) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_DETAIL) + 8);
    int i = 0;
    for (; i < text.length() && out.length() < MAX_DETAIL; i++) {
      char c = text.charAt(i);
      boolean plain = (c > 0x20 && c < 0x7f && c != '\\') || (allowSpaces && c == ' ');
      if (plain) {
        out.append(c);
      } else if (c < 0x100) {
        out.append('\\').append(String.format(Locale.ROOT, "%03d", (int) c));
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    if (i < text.length()) {
      out.setLength(Math.min(out.length(), MAX_DETAIL));
      out.append("...");
    }
    return out.toString();
  }
}

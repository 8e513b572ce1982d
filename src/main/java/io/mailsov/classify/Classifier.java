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
 * Turns what the probe saw of a domain into a {@link Verdict}: who holds its mailboxes, under which
 * jurisdiction, which gateway sits in front, how sure we are, and the evidence behind it.
 *
 * <p>MX weights: RFC 5321 section 5.1 makes senders try the lowest preference first and spread load
 * over hosts of equal preference, so hosts are ranked by their distinct preference values and hosts
 * of one preference share a rank. The first rank gets {@value #PRIMARY_WEIGHT}, the second {@value
 * #SECOND_WEIGHT} and every later one {@value #LATER_WEIGHT}: backups only see mail when every
 * better host fails, so they say less about who holds the mailboxes. Ranks, not raw preference
 * numbers, because the numbers are arbitrary (0/5 and 10/20 mean the same). Hosts that cannot
 * receive mail (IP literals, a "." target among other records) are left out of the ranking, weigh 0
 * and are reported as neutral evidence. An MX host whose name matches no provider but whose address
 * lies in a provider's AS backs that provider with {@value #ASN_SHARE}% of its rank's weight
 * ({@code mx_asn}), but only backs: the network says where the machine runs, not whose mail service
 * it is. The other signals are weighed by {@link SignalEvidence}.
 *
 * <p>The decision, in order:
 *
 * <ol>
 *   <li>When the MX names a mailbox provider (directly or at the end of an alias chain), that is
 *       the verdict: mail is delivered there, whatever else the domain publishes. A filtering
 *       gateway that receives mail no later than it is named in {@code gateway}.
 *   <li>Otherwise the MX is a front: a known gateway, a host under the domain's own registered
 *       domain, or a host we do not know. The other signals are looked through: the mailbox
 *       provider with the heaviest non-MX votes is the verdict, with a known gateway in front named
 *       in {@code gateway} (a host under the domain's own name is not named: it may be the
 *       organisation's relay or the provider's server under a customer name). One deciding vote
 *       ({@value #LOOK_THROUGH_MIN}, an SPF include) is enough: the operator that sends as the
 *       domain is the best evidence of its mailboxes that a front leaves, and self-hosting is only
 *       claimed when nothing speaks for a provider. The confidence says how little one vote is.
 *   <li>With nothing to look through to: the organisation's own host is {@code self_hosted}; a
 *       known gateway is the provider (it is all we can see of the mail's path); an unknown host is
 *       {@code unknown}, never a guess.
 * </ol>
 *
 * <p>Confidence (0–100) is agreement times strength. Agreement is the weight that supports the
 * verdict (the provider's votes and the front it was looked through) over that plus the weight of
 * votes for other providers and of unmatched MX hosts; support-only signals never count against.
 * Strength is 1 when the MX itself names the provider or the domain's own host, the provider's
 * votes over {@value #PRIMARY_WEIGHT} when it was found behind a front, and one half when a gateway
 * stands in for mailboxes we cannot see.
 *
 * <p>Immutable and serialisable: build one per scan on the driver and ship it to executors.
 */
public final class Classifier implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int PRIMARY_WEIGHT = 100;
  static final int SECOND_WEIGHT = 50;
  static final int LATER_WEIGHT = 25;
  static final int ASN_SHARE = 60;
  static final int LOOK_THROUGH_MIN = SignalEvidence.SPF_WEIGHT;

  /**
   * Signals that back a verdict but never make or oppose one: a verification token shows an
   * account, not where mail goes; a host's network shows where a machine runs, not whose mail
   * service it is (a municipality's relay on a cloud server is still the municipality's).
   */
  static final Set<String> SUPPORT_ONLY = Set.of("verification", "mx_asn");

  /** EU member states plus the EEA's Iceland, Liechtenstein and Norway. Switzerland is neither. */
  static final Set<String> EU_EEA =
      Set.of(
          "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

  private static final int MAX_DETAIL = 300;

  private final Catalogue catalogue;
  private final SignalEvidence signals;
  private final String scanCountry;

  /**
   * @param catalogue the provider rules
   * @param scanCountry ISO 3166 alpha-2 code of the country being measured ({@code --country});
   *     providers headquartered there are {@link Category#NATIONAL}
   */
  public Classifier(Catalogue catalogue, String scanCountry) {
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue is null");
    this.signals = new SignalEvidence(catalogue);
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
    Verdict mail = classifyMail(obs);
    if (obs.signals().equals(io.mailsov.probe.Signals.NONE)) {
      return mail;
    }
    SignalEvidence.Operator dns = signals.dns(obs.domain(), obs.signals());
    SignalEvidence.Operator web = signals.web(obs.signals());
    List<Evidence> more = new ArrayList<>();
    java.util.stream.Stream.of(dns.evidence(), web.evidence())
        .filter(Objects::nonNull)
        .forEach(more::add);
    return mail.withOperators(dns.provider(), web.provider(), more);
  }

  private Verdict classifyMail(MailObservation obs) {
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
    Map<String, Integer> mxWeights = new LinkedHashMap<>();
    Map<String, Integer> bestRank = new LinkedHashMap<>();
    for (MxHost mx : hosts) {
      Evidence e = hostEvidence(obs.domain(), mx, ranks);
      evidence.add(e);
      if (e.provider() != null) {
        mxWeights.merge(e.provider(), e.weight(), Integer::sum);
        bestRank.putIfAbsent(e.provider(), ranks.indexOf(mx.preference()));
      }
      if (e.provider() == null || e.provider().equals(Catalogue.SELF)) {
        asnEvidence(mx, e.weight()).ifPresent(evidence::add);
      }
    }
    evidence.addAll(signals.mail(obs.signals()));

    String mailbox = heaviest(mxWeights, false);
    String gateway = heaviest(mxWeights, true);
    if (mailbox != null && gateway != null && bestRank.get(gateway) > bestRank.get(mailbox)) {
      // A filter listed only behind the mailbox host is a fallback, not in front of it.
      gateway = null;
    }
    if (mailbox != null && !mailbox.equals(Catalogue.SELF)) {
      return verdict(mailbox, gateway, Set.of(), 1.0, false, evidence);
    }
    // The MX is a front: look through it to the mailbox provider the other signals name.
    boolean ownHost = mailbox != null;
    Set<String> front = new java.util.HashSet<>();
    if (ownHost) {
      front.add(Catalogue.SELF);
    }
    if (gateway != null) {
      front.add(gateway);
    }
    Map<String, Integer> behind = new LinkedHashMap<>();
    Map<String, Integer> deciding = new LinkedHashMap<>();
    for (Evidence e : evidence) {
      if (!isMx(e) && isMailbox(e.provider())) {
        behind.merge(e.provider(), e.weight(), Integer::sum);
        if (!SUPPORT_ONLY.contains(e.signal())) {
          deciding.merge(e.provider(), e.weight(), Integer::sum);
        }
      }
    }
    String found = heaviest(deciding, false);
    if (found != null && deciding.get(found) >= LOOK_THROUGH_MIN) {
      double strength = Math.min(1.0, behind.get(found) / (double) PRIMARY_WEIGHT);
      // An MX host under the domain's own name may be its own relay or the provider's server
      // under a customer name; the DNS cannot tell which, so only a known gateway is named.
      return verdict(found, gateway, front, strength, true, evidence);
    }
    if (ownHost) {
      return verdict(Catalogue.SELF, gateway, front, 1.0, false, evidence);
    }
    if (gateway != null) {
      return verdict(gateway, gateway, front, 0.5, false, evidence);
    }
    return unknown(0, evidence);
  }

  private static boolean isMx(Evidence e) {
    return e.signal().equals("mx") || e.signal().equals("mx_cname");
  }

  /**
   * The verdict for {@code provider} with {@code gateway} (a gateway id, {@code self}, or {@code
   * null}) in front of it.
   *
   * @param front providers (or {@code self}) whose MX hosts carry mail to the verdict's provider,
   *     and so support it
   * @param strength how directly the provider was seen, 0–1 (see the class comment)
   * @param frontIsRelay whether MX hosts that match no provider are the relay the verdict was
   *     looked through, and so support it rather than argue against it
   */
  private Verdict verdict(
      String provider,
      String gateway,
      Set<String> front,
      double strength,
      boolean frontIsRelay,
      List<Evidence> evidence) {
    int support = 0;
    int against = 0;
    for (Evidence e : evidence) {
      boolean isMx = isMx(e);
      // Whatever names the front (its MX host, its SPF include) describes the same mail path.
      boolean fromFront =
          e.provider() == null
              ? isMx && frontIsRelay
              : front.contains(e.provider()) || e.provider().equals(gateway);
      if (provider.equals(e.provider()) || fromFront) {
        support += e.weight();
      } else if ((e.provider() != null || isMx) && !SUPPORT_ONLY.contains(e.signal())) {
        against += e.weight();
      }
    }
    int confidence =
        support + against == 0
            ? 0
            : (int) Math.round(100.0 * strength * support / (support + against));
    if (provider.equals(Catalogue.SELF)) {
      return new Verdict(
          Catalogue.SELF,
          "Self-hosted",
          null,
          null,
          false,
          Category.SELF_HOSTED,
          gateway,
          confidence,
          evidence,
          null,
          null);
    }
    Provider p = catalogue.byId(provider).orElseThrow();
    return new Verdict(
        p.id(),
        p.name(),
        p.company(),
        p.country(),
        p.usJurisdiction(),
        category(p),
        gateway,
        confidence,
        evidence,
        null,
        null);
  }

  /** A vote from the AS that announces an MX host's first annotated address. */
  private java.util.Optional<Evidence> asnEvidence(MxHost mx, int rankWeight) {
    for (io.mailsov.probe.HostAddress a : mx.addresses()) {
      if (a.asn() == null) {
        continue;
      }
      var p = catalogue.matchAsn(a.asn()).filter(x -> x.kind() != Provider.Kind.HOSTING);
      if (p.isEmpty()) {
        return java.util.Optional.empty();
      }
      String detail =
          printable(mx.host(), false)
              + " has address "
              + a.ip()
              + " in AS"
              + a.asn()
              + (a.asName() == null ? "" : " " + printable(a.asName(), true));
      return java.util.Optional.of(
          new Evidence("mx_asn", p.get().id(), rankWeight * ASN_SHARE / 100, detail));
    }
    return java.util.Optional.empty();
  }

  private boolean isMailbox(String id) {
    return id != null
        && !id.equals(Catalogue.SELF)
        && catalogue.byId(id).map(p -> p.kind() == Provider.Kind.MAILBOX).orElse(false);
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
      Provider.Kind kind =
          e.getKey().equals(Catalogue.SELF)
              ? Provider.Kind.MAILBOX
              : catalogue.byId(e.getKey()).orElseThrow().kind();
      if (kind == Provider.Kind.HOSTING) {
        continue; // runs no mail service: never the verdict, never the gateway
      }
      boolean isGateway = kind == Provider.Kind.GATEWAY;
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
    return new Verdict(
        null, null, null, null, false, Category.NONE, null, 100, List.of(evidence), null, null);
  }

  private static Verdict unknown(int confidence, List<Evidence> evidence) {
    return new Verdict(
        null, null, null, null, false, Category.UNKNOWN, null, confidence, evidence, null, null);
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

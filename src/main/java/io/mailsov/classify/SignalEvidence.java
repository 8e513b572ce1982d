package io.mailsov.classify;

import io.mailsov.probe.HostAddress;
import io.mailsov.probe.Signals;
import io.mailsov.probe.SpfExpansion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the signals a domain publishes besides MX into {@link Evidence}: votes for the provider
 * that holds its mailboxes, and the operators of its DNS and web site.
 *
 * <p>Weights, against {@value Classifier#PRIMARY_WEIGHT} for the preferred MX host. Each says how
 * directly a record shows where the mailboxes are, so no single one of them outweighs the MX:
 *
 * <ul>
 *   <li>{@code dkim} {@value #DKIM_WEIGHT}: a selector aliased to a provider's key means that
 *       provider signs the domain's outgoing mail (RFC 6376 section 3.6.2.1), which hosted mailbox
 *       services do for their own tenants.
 *   <li>{@code autodiscover} {@value #AUTODISCOVER_WEIGHT}: mail clients are sent to this host to
 *       find the mailbox server, so it names the mailbox service itself.
 *   <li>{@code spf} {@value #SPF_WEIGHT}: an {@code include:} or {@code redirect=} target (RFC 7208
 *       sections 5.2 and 6.1) authorises that provider to send the domain's mail; newsletters and
 *       ticket systems are included as well, so it says less than DKIM.
 *   <li>{@code verification} {@value #VERIFICATION_WEIGHT}: a token proves an account at the
 *       provider, often for something other than mail (web search consoles); it supports a verdict
 *       but never argues against one.
 * </ul>
 *
 * One vote per signal and provider: two DKIM selectors aliased to the same tenant count once.
 * Providers of kind {@code hosting} run no mail service and get no mail votes.
 */
final class SignalEvidence implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  static final int DKIM_WEIGHT = 40;
  static final int AUTODISCOVER_WEIGHT = 40;
  static final int SPF_WEIGHT = 30;
  static final int VERIFICATION_WEIGHT = 10;

  /** Neutral notes kept per domain about questions that failed. */
  private static final int MAX_PROBLEMS = 5;

  /** Details listed per vote; the rest are counted. */
  private static final int MAX_DETAILS = 3;

  private final Catalogue catalogue;

  SignalEvidence(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The operator of one part of a domain (its DNS or its web site) and why. */
  record Operator(String provider, Evidence evidence) {}

  /** Mail votes and neutral notes from everything but MX, in a stable order. */
  List<Evidence> mail(Signals s) {
    Votes votes = new Votes();
    for (SpfExpansion.Target t : s.spf().targets()) {
      String term = t.term() + (t.term().equals("redirect") ? "=" : ":") + t.domain();
      String where = t.depth() > 1 ? term + " (nested, depth " + t.depth() + ")" : term;
      votes.add("spf", mailProvider(catalogue.matchSpf(t.domain())), SPF_WEIGHT, where);
    }
    for (Signals.Dkim d : s.dkim()) {
      String record = d.selector() + "._domainkey CNAME " + d.target();
      votes.add("dkim", mailProvider(catalogue.matchDkim(d.target())), DKIM_WEIGHT, record);
    }
    for (String target : s.autodiscover()) {
      votes.add(
          "autodiscover",
          mailProvider(catalogue.matchAutodiscover(target)),
          AUTODISCOVER_WEIGHT,
          "autodiscover -> " + target);
    }
    for (String txt : s.txt()) {
      Optional<String> p = mailProvider(catalogue.matchVerification(txt));
      if (p.isPresent()) {
        votes.add("verification", p, VERIFICATION_WEIGHT, txt);
      }
    }
    List<Evidence> out = votes.evidence();
    if (s.spf().record() != null || s.spf().error() != null) {
      String record = s.spf().record() == null ? "no usable SPF record" : s.spf().record();
      // The error first: a long record would otherwise push it out of a cut-down detail.
      String error = s.spf().error() == null ? "" : s.spf().error() + "; ";
      out.add(neutral("spf", error + record));
    }
    if (s.dmarc() != null) {
      out.add(neutral("dmarc", s.dmarc()));
    }
    s.problems().stream().limit(MAX_PROBLEMS).forEach(p -> out.add(neutral("probe", p)));
    return out;
  }

  /**
   * The DNS operator: the provider most of the NS hosts belong to; {@code self} when every NS host
   * is under the domain's own registered domain; else none.
   */
  Operator dns(String domain, Signals s) {
    if (s.ns().isEmpty()) {
      return new Operator(null, null);
    }
    Map<String, Integer> count = new LinkedHashMap<>();
    boolean allOwn = true;
    for (String host : s.ns()) {
      catalogue.matchNs(host).ifPresent(p -> count.merge(p.id(), 1, Integer::sum));
      allOwn &= RegisteredDomains.sameRegisteredDomain(host, domain);
    }
    String provider =
        count.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(allOwn ? Catalogue.SELF : null);
    String detail = "NS " + String.join(", ", s.ns());
    return new Operator(
        provider, new Evidence("ns", provider, 0, Classifier.printable(detail, true)));
  }

  /** The web operator: the provider whose AS announces the first apex (else www) address. */
  Operator web(Signals s) {
    for (HostAddress a : s.web()) {
      if (a.asn() == null) {
        continue;
      }
      Optional<Provider> p = catalogue.matchAsn(a.asn());
      String detail =
          "web address "
              + a.ip()
              + " in AS"
              + a.asn()
              + (a.asName() == null ? "" : " " + a.asName());
      String id = p.map(Provider::id).orElse(null);
      return new Operator(id, new Evidence("web", id, 0, Classifier.printable(detail, true)));
    }
    return new Operator(null, null);
  }

  private static Optional<String> mailProvider(Optional<Provider> p) {
    return p.filter(x -> x.kind() != Provider.Kind.HOSTING).map(Provider::id);
  }

  private static Evidence neutral(String signal, String detail) {
    return new Evidence(signal, null, 0, Classifier.printable(detail, true));
  }

  /** One vote per (signal, provider), its details joined. */
  private static final class Votes {
    private final Map<List<String>, List<String>> details = new LinkedHashMap<>();
    private final Map<List<String>, Integer> weights = new LinkedHashMap<>();

    void add(String signal, Optional<String> provider, int weight, String detail) {
      if (provider.isEmpty()) {
        return;
      }
      List<String> key = List.of(signal, provider.get());
      weights.putIfAbsent(key, weight);
      details.computeIfAbsent(key, k -> new ArrayList<>()).add(detail);
    }

    List<Evidence> evidence() {
      List<Evidence> out = new ArrayList<>();
      for (Map.Entry<List<String>, List<String>> e : details.entrySet()) {
        List<String> all = e.getValue();
        String text = String.join("; ", all.subList(0, Math.min(all.size(), MAX_DETAILS)));
        if (all.size() > MAX_DETAILS) {
          text += "; and " + (all.size() - MAX_DETAILS) + " more";
        }
        out.add(
            new Evidence(
                e.getKey().get(0),
                e.getKey().get(1),
                weights.get(e.getKey()),
                Classifier.printable(text, true)));
      }
      return out;
    }
  }
}

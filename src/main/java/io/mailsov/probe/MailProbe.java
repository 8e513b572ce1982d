package io.mailsov.probe;

import com.google.common.net.InetAddresses;
import io.mailsov.dns.DnsAnswer;
import io.mailsov.dns.Lookup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks the DNS questions that reveal who receives a domain's mail: its MX RRset, then the aliases
 * and addresses of each exchange. Every future it returns completes normally; DNS failures become a
 * {@link Status}.
 */
public final class MailProbe {
  private static final Logger LOG = LoggerFactory.getLogger(MailProbe.class);

  /** Exchanges resolved per domain; a hostile zone may list hundreds. */
  static final int MAX_HOSTS_RESOLVED = 10;

  /** Aliases followed per name; RFC 1034 section 3.6.2 wants chains short, loops exist. */
  static final int MAX_CNAME_HOPS = 8;

  /** Apex TXT strings kept per domain, and the characters kept of each; SPF is read in full. */
  static final int MAX_TXT_KEPT = 50;

  static final int MAX_TXT_CHARS = 512;

  private final Lookup dns;
  private final Function<String, HostAddress> annotator;
  private final ProbePlan plan;

  /**
   * A probe of MX records only.
   *
   * @param dns the executor's resolver, or recorded answers
   * @param annotator adds AS number and country to an address (identity when no database)
   */
  public MailProbe(Lookup dns, Function<String, HostAddress> annotator) {
    this(dns, annotator, ProbePlan.MX_ONLY);
  }

  /**
   * @param dns the executor's resolver, or the answers a scan recorded
   * @param annotator adds AS number and country to an address (identity when no database)
   * @param plan which questions to ask per domain
   */
  public MailProbe(Lookup dns, Function<String, HostAddress> annotator, ProbePlan plan) {
    this.dns = dns;
    this.annotator = annotator;
    this.plan = plan;
  }

  public CompletableFuture<Probed> probe(String domain) {
    Tally tally = new Tally();
    Name name;
    try {
      name = Name.fromString(domain, Name.root);
    } catch (TextParseException e) {
      // Normalisation rejects such names first; this guards against a caller that did not.
      MailObservation bad =
          new MailObservation(domain, Status.INVALID_RESPONSE, List.of(), e.getMessage(), 0);
      return CompletableFuture.completedFuture(tally.finish(bad));
    }
    return follow(name, Type.MX, false, tally)
        .thenCompose(chain -> fromMx(domain, chain, tally))
        .exceptionally(error -> tally.finish(crashed(domain, error)))
        .thenApply(
            p -> {
              LOG.debug(
                  "{}: {} {}", domain, p.observation().status().label(), p.observation().detail());
              return p;
            });
  }

  private static MailObservation crashed(String domain, Throwable error) {
    // A bug, not a DNS condition; keep the row and say what happened rather than lose it.
    LOG.warn("Probe of {} failed unexpectedly", domain, error);
    return new MailObservation(
        domain, Status.INVALID_RESPONSE, List.of(), "probe error: " + error, 0);
  }

  private CompletableFuture<Probed> fromMx(String domain, Chain chain, Tally tally) {
    DnsAnswer last = chain.answer();
    Status failed = failureStatus(last);
    if (failed != null) {
      return done(tally, domain, failed, describe(last));
    }
    List<MXRecord> records = new ArrayList<>();
    for (org.xbill.DNS.Record r : last.answers()) {
      if (r instanceof MXRecord mx && r.getName().equals(chain.end())) {
        records.add(mx);
      }
    }
    if (records.isEmpty()) {
      return done(
          tally,
          domain,
          Status.NO_MX,
          "no MX records; RFC 5321 section 5.1 implicit MX"
              + " would deliver to the A/AAAA of "
              + domain
              + " itself");
    }
    if (isNullMx(records)) {
      return done(tally, domain, Status.NULL_MX, "RFC 7505 null MX (MX 0 .)");
    }
    records.sort(Comparator.comparingInt(MXRecord::getPriority).thenComparing(r -> r.getTarget()));
    CompletableFuture<Signals> signals = signals(domain, tally);
    return resolveHosts(records, tally)
        .thenCombine(
            signals,
            (hosts, found) ->
                tally.finish(
                    new MailObservation(
                        domain,
                        Status.OK,
                        hosts,
                        okDetail(records, hosts),
                        tally.questionCount(),
                        found)));
  }

  /** RFC 7505 section 3: one MX, preference 0, exchange "." — the domain takes no mail. */
  private static boolean isNullMx(List<MXRecord> records) {
    return records.size() == 1
        && records.get(0).getTarget().equals(Name.root)
        && records.get(0).getPriority() == 0;
  }

  private static String okDetail(List<MXRecord> records, List<MxHost> hosts) {
    int unresolved = (int) hosts.stream().filter(h -> h.addresses().isEmpty()).count();
    String text = records.size() + (records.size() == 1 ? " MX record" : " MX records");
    if (records.size() > MAX_HOSTS_RESOLVED) {
      text += ", first " + MAX_HOSTS_RESOLVED + " exchanges resolved";
    }
    if (unresolved > 0) {
      text += ", " + unresolved + " without addresses";
    }
    return text;
  }

  private CompletableFuture<List<MxHost>> resolveHosts(List<MXRecord> records, Tally tally) {
    Map<Name, Integer> preferences = new LinkedHashMap<>();
    for (MXRecord r : records) {
      preferences.putIfAbsent(r.getTarget(), r.getPriority());
    }
    List<CompletableFuture<MxHost>> hosts = new ArrayList<>();
    int resolved = 0;
    for (Map.Entry<Name, Integer> e : preferences.entrySet()) {
      boolean resolve = resolved++ < MAX_HOSTS_RESOLVED && isResolvable(e.getKey());
      hosts.add(
          resolve
              ? resolveHost(e.getKey(), e.getValue(), tally)
              : CompletableFuture.completedFuture(
                  new MxHost(e.getValue(), text(e.getKey()), List.of(), List.of())));
    }
    return CompletableFuture.allOf(hosts.toArray(CompletableFuture[]::new))
        .thenApply(v -> hosts.stream().map(CompletableFuture::join).toList());
  }

  /** The root (a null MX among others) and IP literals are not names to look up. */
  private static boolean isResolvable(Name host) {
    return !host.equals(Name.root) && !looksLikeIpLiteral(text(host));
  }

  static boolean looksLikeIpLiteral(String host) {
    // Asked of every exchange: a character loop, not String.matches, which compiles a regex per
    // call.
    if (host.indexOf(':') >= 0) {
      return true;
    }
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return true;
  }

  private CompletableFuture<MxHost> resolveHost(Name host, int preference, Tally tally) {
    CompletableFuture<Chain> v4 = follow(host, Type.A, true, tally);
    CompletableFuture<Chain> v6 = follow(host, Type.AAAA, true, tally);
    return v4.thenCombine(
        v6,
        (a, aaaa) -> {
          List<HostAddress> addresses = new ArrayList<>();
          addAddresses(a, addresses);
          addAddresses(aaaa, addresses);
          List<String> aliases = a.aliases().isEmpty() ? aaaa.aliases() : a.aliases();
          return new MxHost(preference, text(host), aliases, addresses);
        });
  }

  private void addAddresses(Chain chain, List<HostAddress> out) {
    if (!chain.answer().isNoError()) {
      return;
    }
    for (org.xbill.DNS.Record r : chain.answer().answers()) {
      if (r.getName().equals(chain.end()) && (r.getType() == Type.A || r.getType() == Type.AAAA)) {
        // RFC 5952 text (2001:db8::1), the form people and ASN tables write.
        java.net.InetAddress ip =
            r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress();
        out.add(annotator.apply(InetAddresses.toAddrString(ip)));
      }
    }
  }

  /**
   * Asks for {@code type} at {@code name} and follows aliases the reply leaves open. A recursive
   * resolver returns the whole chain at once; an authoritative server stops at its zone's edge, so
   * the chain's end is asked again (at most {@link #MAX_CNAME_HOPS} times, loop-safe).
   */
  private CompletableFuture<Chain> follow(Name name, int type, boolean shared, Tally tally) {
    return step(name, type, shared, tally, new ArrayList<>());
  }

  private CompletableFuture<Chain> step(
      Name name, int type, boolean shared, Tally tally, List<Name> aliases) {
    return ask(name, type, shared, tally)
        .thenCompose(
            answer -> {
              Name end = name;
              boolean hasData = false;
              if (answer.isNoError()) {
                end = walkAliases(name, answer.answers(), aliases);
                Name finalName = end;
                hasData =
                    answer.answers().stream()
                        .anyMatch(r -> r.getType() == type && r.getName().equals(finalName));
              }
              // Each step adds at least one new alias (walkAliases refuses repeats), so this ends.
              boolean open = !end.equals(name) && !hasData && answer.isNoError();
              if (open && aliases.size() < MAX_CNAME_HOPS) {
                return step(end, type, true, tally, aliases);
              }
              return CompletableFuture.completedFuture(new Chain(end, aliasText(aliases), answer));
            });
  }

  /** Walks CNAME records from {@code start} within one answer section; returns the chain's end. */
  private static Name walkAliases(Name start, List<org.xbill.DNS.Record> answers, List<Name> out) {
    Name current = start;
    for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      Name next = null;
      for (org.xbill.DNS.Record r : answers) {
        if (r instanceof CNAMERecord c && r.getName().equals(current)) {
          next = c.getTarget();
          break;
        }
      }
      if (next == null || out.contains(next) || next.equals(start)) {
        return current;
      }
      out.add(next);
      current = next;
    }
    return current;
  }

  private static List<String> aliasText(List<Name> aliases) {
    return aliases.stream().map(MailProbe::text).toList();
  }

  private static Status failureStatus(DnsAnswer a) {
    return switch (a.outcome()) {
      case TIMEOUT -> Status.TIMEOUT;
      case INVALID -> Status.INVALID_RESPONSE;
      case REPLY ->
          switch (a.rcode()) {
            case Rcode.NOERROR -> null;
            case Rcode.NXDOMAIN -> Status.NXDOMAIN;
            case Rcode.SERVFAIL -> Status.SERVFAIL;
            case Rcode.REFUSED -> Status.REFUSED;
            default -> Status.INVALID_RESPONSE;
          };
    };
  }

  private static String describe(DnsAnswer a) {
    String base =
        a.outcome() == DnsAnswer.Outcome.REPLY
            ? "MX query answered " + Rcode.string(a.rcode())
            : "MX query: " + a.detail();
    return base
        + " after "
        + Math.max(a.attempts(), 1)
        + (a.attempts() == 1 ? " attempt" : " attempts");
  }

  /**
   * Finishes a domain whose MX question ended without exchanges. A domain that exists but takes no
   * mail by MX (no MX, null MX) still shows its DNS and web operators, so its other signals are
   * asked; a failed or NXDOMAIN MX question ends the probe.
   */
  private CompletableFuture<Probed> done(Tally tally, String domain, Status status, String detail) {
    CompletableFuture<Signals> signals =
        status == Status.NO_MX || status == Status.NULL_MX
            ? signals(domain, tally)
            : CompletableFuture.completedFuture(Signals.NONE);
    return signals.thenApply(
        found ->
            tally.finish(
                new MailObservation(
                    domain, status, List.of(), detail, tally.questionCount(), found)));
  }

  /** The questions beyond MX, all at once; {@link Signals#NONE} unless the plan asks for them. */
  private CompletableFuture<Signals> signals(String domain, Tally tally) {
    if (!plan.allSignals()) {
      return CompletableFuture.completedFuture(Signals.NONE);
    }
    Name apex = nameOf(domain);
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<DnsAnswer> txtAnswer = ask(apex, Type.TXT, false, tally);
    CompletableFuture<List<String>> txt =
        txtAnswer.thenApply(a -> noted(a, "TXT", problems, SpfExpander.txtStrings(a, apex)));
    SpfExpander expander = new SpfExpander(n -> ask(n, Type.TXT, true, tally));
    CompletableFuture<SpfExpansion> spf = txt.thenCompose(t -> expander.expand(domain, t));

    List<CompletableFuture<Signals.Dkim>> dkim = new ArrayList<>();
    for (String selector : plan.dkimSelectors()) {
      Name name = nameOf(selector + "._domainkey." + domain);
      dkim.add(
          ask(name, Type.CNAME, false, tally)
              .thenApply(
                  a -> {
                    String target = cnameTarget(noted(a, "DKIM " + selector, problems, a), name);
                    return target == null ? null : new Signals.Dkim(selector, target);
                  }));
    }
    Name autodiscoverName = nameOf("autodiscover." + domain);
    CompletableFuture<String> autodiscover =
        ask(autodiscoverName, Type.CNAME, false, tally)
            .thenApply(a -> cnameTarget(noted(a, "autodiscover", problems, a), autodiscoverName));
    Name srvName = nameOf("_autodiscover._tcp." + domain);
    CompletableFuture<List<String>> srv =
        ask(srvName, Type.SRV, false, tally)
            .thenApply(a -> srvTargets(noted(a, "autodiscover SRV", problems, a), srvName));
    Name dmarcName = nameOf("_dmarc." + domain);
    CompletableFuture<String> dmarc =
        ask(dmarcName, Type.TXT, false, tally)
            .thenApply(
                a ->
                    SpfExpander.txtStrings(noted(a, "DMARC", problems, a), dmarcName).stream()
                        .filter(t -> t.regionMatches(true, 0, "v=DMARC1", 0, 8))
                        .findFirst()
                        .map(t -> cut(t))
                        .orElse(null));
    CompletableFuture<List<String>> ns =
        ask(apex, Type.NS, false, tally).thenApply(a -> nsHosts(noted(a, "NS", problems, a), apex));
    CompletableFuture<Chain> apexA = follow(apex, Type.A, false, tally);
    CompletableFuture<Chain> apexAaaa = follow(apex, Type.AAAA, false, tally);
    Name www = nameOf("www." + domain);
    CompletableFuture<Chain> wwwA = follow(www, Type.A, false, tally);
    CompletableFuture<Chain> wwwAaaa = follow(www, Type.AAAA, false, tally);

    List<CompletableFuture<?>> all =
        new ArrayList<>(List.of(txt, spf, autodiscover, srv, dmarc, ns, apexA, apexAaaa, wwwA));
    all.add(wwwAaaa);
    all.addAll(dkim);
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<String> adTargets = new ArrayList<>();
              if (autodiscover.join() != null) {
                adTargets.add(autodiscover.join());
              }
              adTargets.addAll(srv.join());
              List<HostAddress> web = new ArrayList<>();
              for (CompletableFuture<Chain> c : List.of(apexA, apexAaaa, wwwA, wwwAaaa)) {
                addAddresses(c.join(), web);
              }
              List<String> kept =
                  txt.join().stream().limit(MAX_TXT_KEPT).map(MailProbe::cut).toList();
              return new Signals(
                  kept,
                  spf.join(),
                  dkim.stream().map(CompletableFuture::join).filter(d -> d != null).toList(),
                  adTargets,
                  dmarc.join(),
                  ns.join(),
                  web.stream().distinct().toList(),
                  wwwA.join().aliases(),
                  // Sorted: they were noted in the order the answers came, which varies.
                  problems.stream().sorted().toList());
            });
  }

  /** Notes a question that got no usable answer (NXDOMAIN and NODATA are answers); passes on. */
  private static <T> T noted(DnsAnswer a, String what, List<String> problems, T value) {
    boolean answered =
        a.outcome() == DnsAnswer.Outcome.REPLY
            && (a.rcode() == Rcode.NOERROR || a.rcode() == Rcode.NXDOMAIN);
    if (!answered) {
      problems.add(
          what
              + ": "
              + (a.outcome() == DnsAnswer.Outcome.REPLY
                  ? Rcode.string(a.rcode())
                  : a.outcome().name().toLowerCase(java.util.Locale.ROOT) + " " + a.detail()));
    }
    return value;
  }

  private static String cnameTarget(DnsAnswer a, Name name) {
    if (!a.isNoError()) {
      return null;
    }
    for (org.xbill.DNS.Record r : a.answers()) {
      if (r instanceof CNAMERecord c && r.getName().equals(name)) {
        return text(c.getTarget());
      }
    }
    return null;
  }

  private static List<String> srvTargets(DnsAnswer a, Name name) {
    List<String> out = new ArrayList<>();
    if (a.isNoError()) {
      for (org.xbill.DNS.Record r : a.answers()) {
        if (r instanceof SRVRecord srv && r.getName().equals(name) && out.size() < 10) {
          out.add(text(srv.getTarget()));
        }
      }
    }
    return out;
  }

  private static List<String> nsHosts(DnsAnswer a, Name name) {
    List<String> out = new ArrayList<>();
    if (a.isNoError()) {
      for (org.xbill.DNS.Record r : a.answers()) {
        if (r instanceof NSRecord ns && r.getName().equals(name) && out.size() < 13) {
          out.add(text(ns.getTarget()));
        }
      }
    }
    return out.stream().distinct().sorted().toList();
  }

  private static String cut(String s) {
    return s.length() <= MAX_TXT_CHARS ? s : s.substring(0, MAX_TXT_CHARS) + "...";
  }

  /** A name built from an already validated domain; the probe rejected bad ones first. */
  private static Name nameOf(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("Not a DNS name: " + text, e);
    }
  }

  /**
   * Asks a question once per domain: a second ask of the same name and type (an MX host that is
   * also the apex, an SPF include named twice) gets the first answer, so every domain's
   * observations hold one answer per question and replaying them is exact.
   */
  private CompletableFuture<DnsAnswer> ask(Name name, int type, boolean shared, Tally tally) {
    return tally.once(
        new Question(name, type),
        () -> shared ? dns.lookupShared(name, type) : dns.lookup(name, type));
  }

  static String text(Name name) {
    String s = name.toString(true);
    return s.isEmpty() ? "." : s.toLowerCase(java.util.Locale.ROOT);
  }

  private record Chain(Name end, List<String> aliases, DnsAnswer answer) {}

  private record Question(Name name, int type) {}

  /**
   * Per-domain counters. The callbacks of one domain may run on different threads, but each
   * completes before the next is chained or joined, so plain fields guarded by this object suffice.
   */
  private static final class Tally {
    int questions;
    QueryCounts counts = QueryCounts.ZERO;
    final Map<Question, CompletableFuture<DnsAnswer>> asked = new java.util.HashMap<>();
    final List<DnsObservation> observed = new ArrayList<>();

    /** The answer to a question already asked for this domain, or a new question. */
    CompletableFuture<DnsAnswer> once(
        Question q, java.util.function.Supplier<CompletableFuture<DnsAnswer>> send) {
      CompletableFuture<DnsAnswer> answer;
      int seq;
      synchronized (this) {
        CompletableFuture<DnsAnswer> known = asked.get(q);
        if (known != null) {
          return known;
        }
        seq = asked.size();
        answer = new CompletableFuture<>();
        asked.put(q, answer);
      }
      // Sent outside the lock: a cached answer completes at once and runs the caller's chain.
      send.get()
          .whenComplete(
              (a, error) -> {
                if (error != null) {
                  answer.completeExceptionally(error);
                  return;
                }
                record(seq, a);
                answer.complete(a);
              });
      return answer;
    }

    private synchronized void record(int seq, DnsAnswer a) {
      observed.add(new DnsObservation(seq, a, Instant.ofEpochMilli(System.currentTimeMillis())));
      count(a);
    }

    private void count(DnsAnswer a) {
      questions++;
      long sent = a.attempts();
      boolean reply = a.outcome() == DnsAnswer.Outcome.REPLY;
      int rcode = reply ? a.rcode() : -1;
      counts =
          counts.plus(
              new QueryCounts(
                  sent,
                  sent == 0 ? 1 : 0,
                  Math.max(0, sent - 1),
                  a.outcome() == DnsAnswer.Outcome.TIMEOUT && sent > 0 ? 1 : 0,
                  a.overTcp() ? 1 : 0,
                  sent > 0 && rcode == Rcode.NOERROR ? 1 : 0,
                  sent > 0 && rcode == Rcode.NXDOMAIN ? 1 : 0,
                  sent > 0 && rcode == Rcode.SERVFAIL ? 1 : 0,
                  sent > 0 && rcode == Rcode.REFUSED ? 1 : 0,
                  sent > 0 && reply && !isCommonRcode(rcode) ? 1 : 0));
    }

    private static boolean isCommonRcode(int rcode) {
      return rcode == Rcode.NOERROR
          || rcode == Rcode.NXDOMAIN
          || rcode == Rcode.SERVFAIL
          || rcode == Rcode.REFUSED;
    }

    synchronized int questionCount() {
      return questions;
    }

    synchronized Probed finish(MailObservation observation) {
      List<DnsObservation> inOrder = new ArrayList<>(observed);
      inOrder.sort(Comparator.comparingInt(DnsObservation::seq));
      return new Probed(observation, counts, inOrder);
    }
  }
}

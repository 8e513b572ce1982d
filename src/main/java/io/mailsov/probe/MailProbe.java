package io.mailsov.probe;

import io.mailsov.dns.DnsAnswer;
import io.mailsov.dns.Resolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
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

  private final Resolver resolver;
  private final Function<String, HostAddress> annotator;

  /**
   * @param resolver the executor's resolver
   * @param annotator adds AS number and country to an address (identity when no database)
   */
  public MailProbe(Resolver resolver, Function<String, HostAddress> annotator) {
    this.resolver = resolver;
    this.annotator = annotator;
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
    return resolveHosts(records, tally)
        .thenApply(
            hosts ->
                tally.finish(
                    new MailObservation(
                        domain, Status.OK, hosts, okDetail(records, hosts), tally.questions)));
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
    return host.matches("[0-9.]+") || host.contains(":");
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
        out.add(annotator.apply(r.rdataToString()));
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
    CompletableFuture<DnsAnswer> asked =
        shared ? resolver.lookupShared(name, type) : resolver.lookup(name, type);
    return asked.thenCompose(
        answer -> {
          tally.count(answer);
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

  private static CompletableFuture<Probed> done(
      Tally tally, String domain, Status status, String detail) {
    return CompletableFuture.completedFuture(
        tally.finish(new MailObservation(domain, status, List.of(), detail, tally.questions)));
  }

  static String text(Name name) {
    String s = name.toString(true);
    return s.isEmpty() ? "." : s.toLowerCase(java.util.Locale.ROOT);
  }

  private record Chain(Name end, List<String> aliases, DnsAnswer answer) {}

  /**
   * Per-domain counters. The callbacks of one domain may run on different threads, but each
   * completes before the next is chained or joined, so plain fields guarded by this object suffice.
   */
  private static final class Tally {
    int questions;
    QueryCounts counts = QueryCounts.ZERO;

    synchronized void count(DnsAnswer a) {
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

    synchronized Probed finish(MailObservation observation) {
      return new Probed(observation, counts);
    }
  }
}

package io.mailsov.probe;

import io.mailsov.dns.DnsAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * Walks a domain's SPF record the way RFC 7208 section 4 evaluates it for a sender that matches no
 * mechanism, collecting every {@code include:} and {@code redirect=} target; those targets are what
 * names the services that send the domain's mail.
 *
 * <p>Limits, so that a hostile record (an "SPF bomb") costs at most a few queries:
 *
 * <ul>
 *   <li>Section 4.6.4: at most ten DNS-querying terms ({@code include}, {@code a}, {@code mx},
 *       {@code ptr}, {@code exists} and {@code redirect}) over the whole walk; the eleventh ends it
 *       with permerror.
 *   <li>Section 4.6.4: more than two void lookups (NXDOMAIN or an empty answer) end it with
 *       permerror. Only include and redirect targets are resolved here ({@code a}, {@code mx},
 *       {@code exists} answer with addresses, which name no provider), and a void include or
 *       redirect already ends evaluation (sections 5.2 and 6.1), so in practice the first one stops
 *       the walk.
 *   <li>A target already on the current include path is a loop: the walk stops there with permerror
 *       instead of relying on the term limit to catch it.
 * </ul>
 *
 * Evaluation order is kept (one target at a time, depth first), because the limits depend on it;
 * include targets are asked through the shared cache, since many domains include the same ones.
 */
final class SpfExpander {
  static final int MAX_LOOKUP_TERMS = 10;
  static final int MAX_VOID_LOOKUPS = 2;
  static final int MAX_TARGETS_NOTED = 20;

  private final Function<Name, CompletableFuture<DnsAnswer>> txtLookup;

  /**
   * @param txtLookup asks for the TXT RRset of a name (through the shared cache)
   */
  SpfExpander(Function<Name, CompletableFuture<DnsAnswer>> txtLookup) {
    this.txtLookup = txtLookup;
  }

  /**
   * Expands the SPF record among {@code domain}'s apex TXT strings.
   *
   * @param domain the domain, lower-case, without the trailing dot
   * @param apexTxt the domain's TXT strings, each record's strings joined (section 3.3)
   */
  CompletableFuture<SpfExpansion> expand(String domain, List<String> apexTxt) {
    String record;
    try {
      record = SpfPolicy.select(apexTxt).orElse(null);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          new SpfExpansion(null, List.of(), 0, 0, e.getMessage()));
    }
    if (record == null) {
      return CompletableFuture.completedFuture(SpfExpansion.NONE);
    }
    Walk walk = new Walk();
    List<String> path = new ArrayList<>();
    path.add(domain);
    return evaluate(domain, SpfPolicy.parse(record), 1, path, walk)
        .thenApply(
            v ->
                new SpfExpansion(
                    record, walk.targets, walk.lookupTerms, walk.voidLookups, walk.error));
  }

  /** Mutable state of one walk; its steps run one after another, never concurrently. */
  private static final class Walk {
    final List<SpfExpansion.Target> targets = new ArrayList<>();
    int lookupTerms;
    int voidLookups;
    String error;

    boolean stopped() {
      return error != null;
    }

    /** Counts one DNS-querying term; false (and permerror) past the limit. */
    boolean countTerm() {
      if (++lookupTerms > MAX_LOOKUP_TERMS) {
        error =
            "more than "
                + MAX_LOOKUP_TERMS
                + " DNS-querying terms (RFC 7208 section 4.6.4: permerror)";
        return false;
      }
      return true;
    }
  }

  private CompletableFuture<Void> evaluate(
      String current, SpfPolicy policy, int depth, List<String> path, Walk walk) {
    if (policy.problem() != null) {
      walk.error = current + ": " + policy.problem();
      return CompletableFuture.completedFuture(null);
    }
    noteTargets(current, policy, depth, path.get(0), walk);
    return terms(current, policy, 0, depth, path, walk)
        .thenCompose(
            v -> {
              if (walk.stopped() || policy.redirect() == null) {
                return CompletableFuture.completedFuture(null);
              }
              return follow(current, policy.redirect(), true, depth, path, walk);
            });
  }

  private CompletableFuture<Void> terms(
      String current, SpfPolicy policy, int index, int depth, List<String> path, Walk walk) {
    for (int i = index; i < policy.terms().size(); i++) {
      if (!walk.countTerm()) {
        return CompletableFuture.completedFuture(null);
      }
      SpfPolicy.Term term = policy.terms().get(i);
      if (term.include()) {
        int next = i + 1;
        return follow(current, term.target(), false, depth, path, walk)
            .thenCompose(
                v ->
                    walk.stopped()
                        ? CompletableFuture.completedFuture(null)
                        : terms(current, policy, next, depth, path, walk));
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Records every target a reached record names, before any of them is resolved. The names are in
   * the record's own text, so they show whom the domain authorises even when an earlier term ends
   * evaluation (a provider's include that does not resolve must not hide the next one); resolving
   * them still follows the limits. At most {@value #MAX_TARGETS_NOTED} per record.
   */
  private static void noteTargets(
      String current, SpfPolicy policy, int depth, String domain, Walk walk) {
    int noted = 0;
    for (SpfPolicy.Term term : policy.terms()) {
      String target = term.include() ? expandMacros(term.target(), domain, current) : term.target();
      if (target != null && noted++ < MAX_TARGETS_NOTED) {
        walk.targets.add(
            new SpfExpansion.Target(target, depth, term.include() ? "include" : "exists"));
      }
    }
    if (policy.redirect() != null) {
      String target = expandMacros(policy.redirect(), domain, current);
      if (target != null) {
        walk.targets.add(new SpfExpansion.Target(target, depth, "redirect"));
      }
    }
  }

  /** Resolves one include or redirect target and evaluates its record. */
  private CompletableFuture<Void> follow(
      String current, String spec, boolean redirect, int depth, List<String> path, Walk walk) {
    if (redirect && !walk.countTerm()) {
      return CompletableFuture.completedFuture(null);
    }
    String label = redirect ? "redirect=" : "include:";
    String target = expandMacros(spec, path.get(0), current);
    Name name = target == null ? null : toName(target);
    if (name == null) {
      walk.error = current + ": " + label + spec + " cannot be resolved without a sender (macro)";
      return CompletableFuture.completedFuture(null);
    }
    if (path.contains(target)) {
      walk.error = "loop: " + String.join(" -> ", path) + " -> " + target + " (RFC 7208 permerror)";
      return CompletableFuture.completedFuture(null);
    }
    return txtLookup
        .apply(name)
        .thenCompose(
            answer -> {
              Optional<String> record;
              try {
                record = recordOf(answer, name, current + " " + label + target, walk);
              } catch (IllegalArgumentException e) {
                walk.error = target + ": " + e.getMessage();
                return CompletableFuture.completedFuture(null);
              }
              if (record.isEmpty()) {
                return CompletableFuture.completedFuture(null);
              }
              List<String> deeper = new ArrayList<>(path);
              deeper.add(target);
              return evaluate(target, SpfPolicy.parse(record.get()), depth + 1, deeper, walk);
            });
  }

  /**
   * The SPF record a target answered with. An absent record ends the walk: sections 5.2 (include)
   * and 6.1 (redirect) make "none" a permerror, and a failed lookup a temperror.
   */
  private static Optional<String> recordOf(DnsAnswer answer, Name name, String what, Walk walk) {
    if (answer.outcome() != DnsAnswer.Outcome.REPLY
        || (answer.rcode() != Rcode.NOERROR && answer.rcode() != Rcode.NXDOMAIN)) {
      String why =
          answer.outcome() == DnsAnswer.Outcome.REPLY
              ? Rcode.string(answer.rcode())
              : answer.outcome().name().toLowerCase(Locale.ROOT);
      walk.error = what + ": TXT lookup failed with " + why + " (RFC 7208 temperror)";
      return Optional.empty();
    }
    List<String> txt = txtStrings(answer, name);
    if (txt.isEmpty() && ++walk.voidLookups > MAX_VOID_LOOKUPS) {
      walk.error = "more than " + MAX_VOID_LOOKUPS + " void lookups (RFC 7208 section 4.6.4)";
      return Optional.empty();
    }
    Optional<String> record = SpfPolicy.select(txt);
    if (record.isEmpty()) {
      String why = answer.rcode() == Rcode.NXDOMAIN ? "NXDOMAIN" : "no SPF record";
      walk.error = what + ": " + why + " (RFC 7208 sections 5.2 and 6.1: permerror)";
    }
    return record;
  }

  /**
   * TXT strings of {@code name} in an answer, each record's character-strings joined. Bytes map one
   * to one onto characters (ISO 8859-1), so nothing is lost or interpreted here; whoever shows the
   * text escapes it.
   */
  static List<String> txtStrings(DnsAnswer answer, Name name) {
    List<String> out = new ArrayList<>();
    if (answer.outcome() != DnsAnswer.Outcome.REPLY) {
      return out;
    }
    for (org.xbill.DNS.Record r : answer.answers()) {
      if (r instanceof TXTRecord txt && r.getName().equals(name)) {
        // RFC 7208 section 3.3: a record split into several strings is read as their
        // concatenation, with nothing added between them.
        StringBuilder joined = new StringBuilder();
        for (byte[] part : txt.getStringsAsByteArrays()) {
          joined.append(new String(part, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        out.add(joined.toString());
      }
    }
    return out;
  }

  /**
   * Expands the macros of section 7 that need no sender: {@code %{d}} (the current domain) and
   * {@code %{o}} (the sender's domain, which for a domain's own policy is the domain itself), plus
   * the literal escapes {@code %%}, {@code %_} and {@code %-}. Any other macro needs the sender's
   * address or IP, which a scan does not have: returns {@code null}.
   */
  static String expandMacros(String spec, String domain, String current) {
    if (spec.indexOf('%') < 0) {
      return stripDot(spec);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 >= spec.length()) {
        return null;
      }
      char next = spec.charAt(++i);
      switch (next) {
        case '%' -> out.append('%');
        case '_' -> out.append(' ');
        case '-' -> out.append("%20");
        case '{' -> {
          int close = spec.indexOf('}', i);
          String macro = close < 0 ? "" : spec.substring(i + 1, close);
          if (macro.equals("d")) {
            out.append(current);
          } else if (macro.equals("o")) {
            out.append(domain);
          } else {
            return null;
          }
          i = close;
        }
        default -> {
          return null;
        }
      }
    }
    return stripDot(out.toString());
  }

  private static String stripDot(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static Name toName(String target) {
    try {
      // A domain-spec ends in a top label (section 7.1): a bare label is no target.
      return target.contains(".") && !target.contains(" ")
          ? Name.fromString(target, Name.root)
          : null;
    } catch (TextParseException e) {
      return null;
    }
  }
}

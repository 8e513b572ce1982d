package io.mailsov.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of one SPF record (RFC 7208) that name other domains, in evaluation order.
 *
 * <p>Only what naming a provider needs is kept: {@code include:} targets, the {@code redirect=}
 * target, and how many other DNS-querying terms ({@code a}, {@code mx}, {@code ptr}, {@code
 * exists}) stand between them, since all of them count toward section 4.6.4's limit of ten.
 *
 * @param terms the DNS-querying terms in record order (the redirect is not among them)
 * @param redirect the {@code redirect=} target, or {@code null}; section 6.1 ignores it when the
 *     record has an {@code all} mechanism, and so does this parser
 * @param problem why the record is a permerror by its syntax (section 4.6), or {@code null}
 */
record SpfPolicy(List<Term> terms, String redirect, String problem) {

  /** The version tag every SPF record starts with (section 4.5). */
  private static final String VERSION = "v=spf1";

  SpfPolicy {
    terms = List.copyOf(terms);
  }

  /**
   * One DNS-querying term: an include with its target, or another mechanism that looks up; for
   * {@code exists} the target is the fixed part of its domain-spec, else {@code null}.
   */
  record Term(boolean include, String target) {}

  /**
   * The labels of an {@code exists:} domain-spec after the last one holding a macro: gateways such
   * as Cisco's publish {@code exists:%{i}.spf.<account>.iphmx.com}, whose fixed part names the
   * service though the query needs the sender's address (RFC 7208 section 7).
   */
  private static String fixedSuffix(String mechanism) {
    int colon = mechanism.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String spec = mechanism.substring(colon + 1);
    int lastMacro = Math.max(spec.lastIndexOf('%'), spec.lastIndexOf('}'));
    int dot = spec.indexOf('.', Math.max(lastMacro, 0));
    String fixed = lastMacro < 0 ? spec : dot < 0 ? "" : spec.substring(dot + 1);
    return fixed.contains(".") ? fixed : null;
  }

  /**
   * The SPF record among a name's TXT strings. Section 4.5: exactly one record must begin with
   * {@code v=spf1} followed by a space or its end; none is "none", several is a permerror.
   *
   * @return the record, empty when there is none
   * @throws IllegalArgumentException with the section 4.5 reason when there are several
   */
  static Optional<String> select(List<String> txt) {
    String found = null;
    for (String s : txt) {
      if (isSpf(s)) {
        if (found != null) {
          throw new IllegalArgumentException(
              "more than one SPF record (RFC 7208 section 4.5: permerror)");
        }
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }

  static boolean isSpf(String txt) {
    return txt.length() >= VERSION.length()
        && txt.regionMatches(true, 0, VERSION, 0, VERSION.length())
        && (txt.length() == VERSION.length() || txt.charAt(VERSION.length()) == ' ');
  }

  /** Parses a record that {@link #isSpf} accepted. */
  static SpfPolicy parse(String record) {
    List<Term> terms = new ArrayList<>();
    String redirect = null;
    boolean hasAll = false;
    String problem = null;
    // Section 4.6.1: terms are separated by one or more spaces.
    for (String raw : record.substring(VERSION.length()).trim().split(" +")) {
      if (raw.isEmpty()) {
        continue;
      }
      String term = raw.toLowerCase(Locale.ROOT);
      String mechanism = "+-~?".indexOf(term.charAt(0)) >= 0 ? term.substring(1) : term;
      String name = mechanism.split("[:/=]", 2)[0];
      switch (name) {
        case "include" -> {
          if (mechanism.startsWith("include:") && mechanism.length() > "include:".length()) {
            terms.add(new Term(true, mechanism.substring("include:".length())));
          } else if (problem == null) {
            problem = "include without a domain: '" + raw + "'";
          }
        }
        case "a", "mx", "ptr" -> terms.add(new Term(false, null));
        case "exists" -> terms.add(new Term(false, fixedSuffix(mechanism)));
        case "ip4", "ip6", "all" -> hasAll |= name.equals("all");
        case "redirect" -> {
          if (mechanism.startsWith("redirect=") && redirect == null) {
            redirect = mechanism.substring("redirect=".length());
          } else if (problem == null) {
            // Section 6: redirect may appear at most once.
            problem = "malformed or repeated redirect: '" + raw + "'";
          }
        }
        default -> {
          // Section 6: unknown modifiers (name=value) are ignored; an unknown mechanism is a
          // syntax error (section 4.6.1), so the whole record is a permerror.
          boolean modifier = mechanism.matches("[a-z][a-z0-9_.-]*=.*");
          if (!modifier && problem == null) {
            problem = "unknown mechanism '" + raw + "' (RFC 7208 section 4.6.1: permerror)";
          }
        }
      }
    }
    return new SpfPolicy(terms, hasAll ? null : redirect, problem);
  }
}

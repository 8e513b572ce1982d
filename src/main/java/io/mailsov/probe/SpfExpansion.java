package io.mailsov.probe;

import java.util.List;
import java.util.Objects;

/**
 * A domain's SPF record and the domains it delegates to, expanded as an RFC 7208 {@code
 * check_host()} evaluation would walk them for a sender that matches nothing: every {@code
 * include:} and the {@code redirect=} followed in order, within section 4.6.4's limits.
 *
 * @param record the domain's own SPF record, or {@code null} when it has none
 * @param targets every include, redirect and exists target named by a record the walk reached,
 *     record by record
 * @param lookupTerms DNS-querying terms counted toward the limit of ten
 * @param voidLookups include or redirect targets that answered NXDOMAIN or no records
 * @param error why evaluation stopped early (permerror or temperror, with the reason), or {@code
 *     null} when it completed; targets met before the stop are kept
 */
public record SpfExpansion(
    String record, List<Target> targets, int lookupTerms, int voidLookups, String error) {

  /** A domain without an SPF record, or a probe that did not ask. */
  public static final SpfExpansion NONE = new SpfExpansion(null, List.of(), 0, 0, null);

  public SpfExpansion {
    targets = List.copyOf(targets);
  }

  /**
   * One domain an SPF record pointed at.
   *
   * @param domain the target, lower-case, without the trailing dot
   * @param depth 1 for a term of the domain's own record, 2 for one of an included record, …
   * @param term what named it: {@code include}, {@code redirect}, or {@code exists} (whose target
   *     is only the fixed part after its sender macros, such as {@code spf.hc1234-56.iphmx.com} of
   *     {@code exists:%{i}.spf.hc1234-56.iphmx.com}; it is not resolved)
   */
  public record Target(String domain, int depth, String term) {
    public Target {
      Objects.requireNonNull(domain, "domain is null");
      Objects.requireNonNull(term, "term is null");
    }
  }
}

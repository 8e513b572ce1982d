package io.mailsov.classify;

import java.util.List;
import java.util.Objects;

/**
 * Who runs a domain's mail, how sure we are, and why.
 *
 * @param provider catalogue id of the operator ({@code self} for self-hosting), or {@code null}
 * @param providerName display name, or {@code null}
 * @param company the controlling company, or {@code null}
 * @param jurisdiction ISO country of the controlling company, or {@code null}
 * @param usJurisdiction whether the controlling company is subject to US law
 * @param category the sovereignty category
 * @param gateway catalogue id of a filtering gateway in front of the provider, or {@code null}
 * @param confidence 0–100: how much the signals agree
 * @param evidence every observation that contributed
 * @param dnsProvider catalogue id of the DNS operator (from NS), {@code self}, or {@code null}
 * @param webProvider catalogue id of the web operator (from the AS of the apex and www), or {@code
 *     null}
 */
public record Verdict(
    String provider,
    String providerName,
    String company,
    String jurisdiction,
    boolean usJurisdiction,
    Category category,
    String gateway,
    int confidence,
    List<Evidence> evidence,
    String dnsProvider,
    String webProvider) {
  public Verdict {
    Objects.requireNonNull(category, "category is null");
    if (confidence < 0 || confidence > 100) {
      throw new IllegalArgumentException("confidence must be 0-100, was " + confidence);
    }
    evidence = List.copyOf(evidence);
  }

  /** The same mail verdict with the domain's DNS and web operators and their evidence added. */
  Verdict withOperators(String dns, String web, List<Evidence> more) {
    List<Evidence> all = new java.util.ArrayList<>(evidence);
    all.addAll(more);
    return new Verdict(
        provider,
        providerName,
        company,
        jurisdiction,
        usJurisdiction,
        category,
        gateway,
        confidence,
        all,
        dns,
        web);
  }
}

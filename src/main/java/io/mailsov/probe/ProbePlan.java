package io.mailsov.probe;

import java.io.Serializable;
import java.util.List;

/**
 * Which questions the probe asks per domain: the single place that decides it.
 *
 * @param allSignals whether to ask beyond MX (TXT, SPF includes, DKIM, autodiscover, DMARC, NS,
 *     apex and www addresses) — the {@code --signals all} mode
 * @param dkimSelectors the DKIM selectors asked for as {@code <selector>._domainkey.<domain>}
 *     CNAME, from the catalogue's {@code dkim_selectors}; each costs one question per domain
 */
public record ProbePlan(boolean allSignals, List<String> dkimSelectors) implements Serializable {
  /** MX records, their exchanges' aliases and addresses, nothing else. */
  public static final ProbePlan MX_ONLY = new ProbePlan(false, List.of());

  public ProbePlan {
    dkimSelectors = List.copyOf(dkimSelectors);
  }

  /** Every signal, asking for the given DKIM selectors. */
  public static ProbePlan all(List<String> dkimSelectors) {
    return new ProbePlan(true, dkimSelectors);
  }
}

package io.mailsov.probe;

import java.util.List;
import java.util.Objects;

/**
 * Everything the probe learned about one domain's mail, before classification.
 *
 * @param domain the normalised domain (punycode, lower-case, no trailing dot)
 * @param status the outcome of the MX question
 * @param mx the MX records sorted by preference then host; empty unless {@code status} is OK
 * @param detail a short human explanation of the status (for example the rcode of a failed host
 *     lookup, or the RFC 5321 implicit-MX note); never {@code null}
 * @param queries how many DNS questions this domain needed, cache hits included
 * @param signals what else the domain publishes (all-signals mode), or {@link Signals#NONE}
 */
public record MailObservation(
    String domain, Status status, List<MxHost> mx, String detail, int queries, Signals signals) {
  public MailObservation {
    Objects.requireNonNull(domain, "domain is null");
    Objects.requireNonNull(status, "status is null");
    Objects.requireNonNull(detail, "detail is null");
    Objects.requireNonNull(signals, "signals is null");
    mx = List.copyOf(mx);
  }

  /** An observation of the MX records alone. */
  public MailObservation(
      String domain, Status status, List<MxHost> mx, String detail, int queries) {
    this(domain, status, mx, detail, queries, Signals.NONE);
  }
}

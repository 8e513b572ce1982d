package io.mailsov.probe;

import java.util.Locale;

/**
 * What the DNS said about a domain's mail, as stored in {@code domain_results.status}.
 *
 * <p>The labels are part of the table contract; never rename one.
 */
public enum Status {
  /** At least one usable MX record. */
  OK,
  /** The name exists but has no MX RRset (RFC 5321 section 5.1 would fall back to its A/AAAA). */
  NO_MX,
  /** A single MX with preference 0 and target "." (RFC 7505): the domain accepts no mail. */
  NULL_MX,
  NXDOMAIN,
  SERVFAIL,
  REFUSED,
  /** No answer after every retry. */
  TIMEOUT,
  /** An answer arrived but could not be used (FORMERR, NOTIMP, malformed or mismatched). */
  INVALID_RESPONSE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Status fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}

package io.mailsov.input;

/**
 * The outcome of normalising one raw cell of a domain list: either a domain, possibly with a note
 * saying what was changed to get it, or the reason the cell cannot be a domain.
 *
 * @param domain the normalised domain (lower-case ASCII, punycode for IDNs, no trailing dot), or
 *     {@code null} when rejected
 * @param note what was changed beyond trimming and lower-casing, phrases joined with "; ", or
 *     {@code null} when nothing was; always {@code null} for a rejected cell
 * @param rejectReason why the cell was rejected, a lower-case phrase meant for the person who
 *     supplied the list, or {@code null} when accepted
 */
public record Normalized(String domain, String note, String rejectReason) {
  public Normalized {
    if ((domain == null) == (rejectReason == null)) {
      throw new IllegalArgumentException(
          "Invalid Normalized: exactly one of domain and rejectReason must be set, got domain="
              + domain
              + ", rejectReason="
              + rejectReason);
    }
    if (rejectReason != null && note != null) {
      throw new IllegalArgumentException(
          "Invalid Normalized: a rejected cell carries no note, got note=" + note);
    }
  }

  public static Normalized accepted(String domain, String note) {
    if (domain == null) {
      throw new NullPointerException("domain is null");
    }
    return new Normalized(domain, note, null);
  }

  public static Normalized rejected(String reason) {
    if (reason == null) {
      throw new NullPointerException("reason is null");
    }
    return new Normalized(null, null, reason);
  }

  /** Whether the cell became a domain. */
  public boolean accepted() {
    return rejectReason == null;
  }
}

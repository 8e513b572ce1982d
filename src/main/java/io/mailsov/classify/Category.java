package io.mailsov.classify;

import java.util.Locale;

/** The sovereignty category of a verdict, as stored in {@code domain_results.category}. */
public enum Category {
  MICROSOFT,
  GOOGLE,
  /** Another company under US jurisdiction. */
  OTHER_US,
  /** A company controlled from the scan's own country ({@code --country}). */
  NATIONAL,
  /** A company controlled from another EU/EEA country. */
  EU,
  OTHER_FOREIGN,
  /** The MX hosts sit under the organisation's own registered domain and nothing says otherwise. */
  SELF_HOSTED,
  /** The domain receives no mail: null MX, no MX, or it does not exist. */
  NONE,
  /** Mail exists but no rule names its operator, or the DNS could not be read. */
  UNKNOWN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Category fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}

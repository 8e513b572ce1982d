package io.mailsov.classify;

import com.google.common.net.InternetDomainName;
import java.util.Locale;

/**
 * Registered domains ("top private domains") from the public suffix list that Guava ships, so that
 * {@code mail.gemeente.co.uk} is seen as part of {@code gemeente.co.uk}, not of {@code co.uk}.
 *
 * <p>The list is the one bundled with the Guava version on the class path; suffixes added to the
 * public list after that release are not known, and such names are treated as registered domains
 * one label too high.
 */
public final class RegisteredDomains {
  private RegisteredDomains() {}

  /**
   * The registered domain of {@code name}: the public suffix plus one label.
   *
   * @return the registered domain; {@code name} itself (normalised) when it is not under a public
   *     suffix (a suffix itself, or an unlisted top-level name); {@code null} when {@code name} is
   *     not a valid domain name (including IP literals)
   */
  public static String registeredDomain(String name) {
    if (name == null) {
      return null;
    }
    String normalised = name.strip().toLowerCase(Locale.ROOT);
    if (normalised.endsWith(".")) {
      normalised = normalised.substring(0, normalised.length() - 1);
    }
    if (normalised.isEmpty() || !InternetDomainName.isValid(normalised)) {
      return null;
    }
    InternetDomainName domain = InternetDomainName.from(normalised);
    if (!domain.isUnderPublicSuffix()) {
      return domain.toString();
    }
    return domain.topPrivateDomain().toString();
  }

  /** Whether both names are valid and share one registered domain. */
  public static boolean sameRegisteredDomain(String a, String b) {
    String left = registeredDomain(a);
    return left != null && left.equals(registeredDomain(b));
  }
}

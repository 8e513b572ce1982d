package io.mailsov.sample;

import java.util.Locale;
import java.util.SplittableRandom;

/** The shapes of bad and duplicate domain cells that real institution lists contain. */
final class JunkShapes {
  /** How many distinct junk shapes {@link #shape} cycles through. */
  static final int COUNT = 9;

  private JunkShapes() {}

  /**
   * The {@code k}-th junk cell; every shape fails RFC 1035 / RFC 1123 host-name rules or is no name
   * at all.
   */
  static String shape(int k, SplittableRandom rng) {
    int round = k / COUNT;
    switch (k % COUNT) {
      case 0:
        return "";
      case 1:
        return round == 0 ? "# comment" : "# opmerking " + round + ", zie bron";
      case 2:
        return round == 0 ? "not a domain" : "geen domein " + round;
      case 3:
        // An address literal is not a domain name.
        return "192.0.2." + (1 + (round + 6) % 254);
      case 4:
        // RFC 1035 section 2.3.4: labels are 63 octets or less.
        return letters(rng, 64) + ".nl";
      case 5:
        // RFC 952 / RFC 1123 section 2.1: no hyphen at either end of a label.
        return round == 0 ? "-bad-.nl" : "-bad" + letters(rng, 3) + "-.nl";
      case 6:
        // An empty label between two dots.
        return round == 0 ? "a..b.nl" : letters(rng, 5) + "..b.nl";
      case 7:
        // RFC 1035 section 2.3.4: names are 255 octets or less on the wire, 253 as text.
        return longName(rng);
      default:
        return "gemeente " + letters(rng, 6) + ".nl";
    }
  }

  /** Spells {@code domain} the way lists do when copied from web pages or mail clients. */
  static String respell(String domain, int variant) {
    int dot = domain.indexOf('.');
    String label = domain.substring(0, dot);
    String rest = domain.substring(dot);
    String capitalised = Character.toUpperCase(label.charAt(0)) + label.substring(1);
    switch (variant % 4) {
      case 0:
        return "HTTPS://www." + capitalised + rest + "/";
      case 1:
        return domain.toUpperCase(Locale.ROOT) + ".";
      case 2:
        return "http://" + domain + "/contact";
      default:
        return "www." + domain;
    }
  }

  /** Six labels of 42 letters and "nl": 6 * 43 + 2 = 260 characters, each label legal. */
  private static String longName(SplittableRandom rng) {
    StringBuilder sb = new StringBuilder(260);
    for (int i = 0; i < 6; i++) {
      sb.append(letters(rng, 42)).append('.');
    }
    return sb.append("nl").toString();
  }

  private static String letters(SplittableRandom rng, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) ('a' + rng.nextInt(26));
    }
    return new String(chars);
  }
}

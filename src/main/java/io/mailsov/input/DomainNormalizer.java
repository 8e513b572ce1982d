package io.mailsov.input;

import com.google.common.net.InetAddresses;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns one raw cell of a domain list into a domain name, or into a reason a person understands.
 *
 * <p>Lists come from spreadsheets and web pages, so a cell may hold a URL, an e-mail address, a
 * host with a port, a name with a trailing dot or a {@code www.} prefix. Those are reduced to the
 * domain and the change is recorded in {@link Normalized#note()}; anything that still is not a host
 * name under RFC 1035 section 2.3.1 as relaxed by RFC 1123 section 2.1 (labels may start with a
 * digit) is rejected. Methods never throw, whatever the input.
 *
 * <p>Internationalised names are converted with {@link IDN#toASCII(String, int)}, which implements
 * IDNA2003 (RFC 3490). Registries apply IDNA2008 (RFC 5891), and the two differ for a few
 * characters: IDNA2003 maps {@code ß} to {@code ss} and final sigma to sigma and drops ZWJ/ZWNJ, so
 * {@code faß.de} becomes {@code fass.de} here while the registered name is {@code xn--fa-hia.de}.
 * Such a name is scanned under the wrong domain; the note "IDN converted to punycode" marks every
 * row where that can have happened.
 */
public final class DomainNormalizer {
  /** RFC 1035 section 2.3.4: labels are 63 octets or less. */
  private static final int MAX_LABEL_OCTETS = 63;

  /**
   * RFC 1035 section 2.3.4 limits names to 255 octets on the wire, which is 253 characters in text
   * form without the trailing dot (each label costs its length plus one length octet, and the root
   * adds one more).
   */
  private static final int MAX_NAME_OCTETS = 253;

  /** How much of an offending label a reason shows. */
  private static final int SHOWN_LONG_LABEL = 20;

  private static final int SHOWN_LABEL = 40;

  static final String URL_NOTE = "URL: kept the host";
  static final String EMAIL_NOTE = "e-mail address: kept the part after @";
  static final String PORT_NOTE = "stripped port";
  static final String FULL_STOP_NOTE = "replaced ideographic full stops";
  static final String TRAILING_DOT_NOTE = "stripped trailing dot";
  static final String WWW_NOTE = "stripped www.";
  static final String IDN_NOTE = "IDN converted to punycode";

  static final String IP_LITERAL = "IP address literal, not a domain name";

  /** RFC 3986 section 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private static final Pattern IPV4 =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\\.){3}"
              + "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])");

  private DomainNormalizer() {}

  /**
   * Normalises one cell.
   *
   * @param raw the cell as read, possibly {@code null}
   * @return the domain with a note, or a reject reason; never {@code null}
   */
  public static Normalized normalize(String raw) {
    if (raw == null) {
      return Normalized.rejected("empty");
    }
    String s = trim(raw);
    if (s.isEmpty()) {
      return Normalized.rejected("empty");
    }
    if (s.charAt(0) == '#') {
      return Normalized.rejected("comment");
    }
    List<String> notes = new ArrayList<>(3);

    int authority = urlAuthorityStart(s);
    if (authority >= 0) {
      s = urlHost(s, authority);
      notes.add(URL_NOTE);
      if (s.isEmpty()) {
        return Normalized.rejected("URL without a host");
      }
    } else {
      boolean mailto = s.regionMatches(true, 0, "mailto:", 0, 7);
      if (mailto) {
        s = cutAt(s.substring(7), '?');
      }
      int slash = s.indexOf('/');
      if (slash >= 0) {
        s = s.substring(0, slash);
        notes.add(URL_NOTE);
        if (s.isEmpty()) {
          return Normalized.rejected("path without a host");
        }
      }
      int at = s.lastIndexOf('@');
      if (at >= 0 || mailto) {
        s = s.substring(at + 1);
        notes.add(EMAIL_NOTE);
        if (s.isEmpty()) {
          return Normalized.rejected("e-mail address without a domain");
        }
      }
    }

    // A bracketed host can only be an IPv6 literal (RFC 3986 section 3.2.2).
    if (s.charAt(0) == '[') {
      int close = s.indexOf(']');
      if (close > 0
          && (close == s.length() - 1 || isPortSuffix(s.substring(close + 1)))
          && InetAddresses.isInetAddress(s.substring(1, close))) {
        return Normalized.rejected(IP_LITERAL);
      }
    }
    int colon = s.indexOf(':');
    if (colon >= 0 && colon == s.lastIndexOf(':') && isPortSuffix(s.substring(colon))) {
      s = s.substring(0, colon);
      if (!notes.contains(URL_NOTE)) {
        notes.add(PORT_NOTE);
      }
      if (s.isEmpty()) {
        return Normalized.rejected("port without a host");
      }
    }

    s = s.toLowerCase(Locale.ROOT);
    // RFC 3490 section 3.1: these separate labels just like U+002E.
    String dotted = s.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
    if (!dotted.equals(s)) {
      s = dotted;
      notes.add(FULL_STOP_NOTE);
    }

    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
      notes.add(TRAILING_DOT_NOTE);
      if (s.isEmpty()) {
        return Normalized.rejected("empty");
      }
    }
    if (s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return Normalized.rejected("empty label");
    }

    // Only when a name of two or more labels remains: "www.nl" is itself a domain.
    if (s.startsWith("www.") && s.indexOf('.', 4) > 4) {
      s = s.substring(4);
      notes.add(WWW_NOTE);
    }

    if (IPV4.matcher(s).matches() || (s.indexOf(':') >= 0 && InetAddresses.isInetAddress(s))) {
      return Normalized.rejected(IP_LITERAL);
    }

    if (!isAscii(s)) {
      try {
        s = IDN.toASCII(s, 0).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        return Normalized.rejected("invalid internationalised name: " + idnProblem(e));
      }
      notes.add(IDN_NOTE);
    }

    String problem = hostNameProblem(s);
    if (problem != null) {
      return Normalized.rejected(problem);
    }
    return Normalized.accepted(s, notes.isEmpty() ? null : String.join("; ", notes));
  }

  /** Strips whitespace (including CR and no-break spaces) and byte order marks at both ends. */
  private static String trim(String raw) {
    int start = 0;
    int end = raw.length();
    while (start < end && isTrimmable(raw.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmable(raw.charAt(end - 1))) {
      end--;
    }
    return raw.substring(start, end);
  }

  private static boolean isTrimmable(char c) {
    return c == '\uFEFF' || c == '\u00A0' || Character.isWhitespace(c);
  }

  /**
   * Where the authority starts when the cell is a URL, "scheme://" or scheme-relative "//" (RFC
   * 3986 section 4.2); -1 otherwise.
   */
  private static int urlAuthorityStart(String s) {
    if (s.startsWith("//")) {
      return 2;
    }
    int separator = s.indexOf("://");
    if (separator > 0 && SCHEME.matcher(s.substring(0, separator)).matches()) {
      return separator + 3;
    }
    return -1;
  }

  /** The host of the authority that starts at {@code from}, without user information. */
  private static String urlHost(String s, int from) {
    int end = s.length();
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String authority = s.substring(from, end);
    return authority.substring(authority.lastIndexOf('@') + 1);
  }

  private static String cutAt(String s, char c) {
    int i = s.indexOf(c);
    return i < 0 ? s : s.substring(0, i);
  }

  /** Whether {@code s} is ":" followed by a port number. */
  private static boolean isPortSuffix(String s) {
    return s.length() > 1 && s.charAt(0) == ':' && PORT.matcher(s.substring(1)).matches();
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }

  /**
   * The JDK's IDNA messages wrap a ParseException and glue the input onto the text ("... found in
   * the inputabc"); keep only the readable part.
   */
  private static String idnProblem(IllegalArgumentException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "rejected by IDNA";
    }
    String prefix = "java.text.ParseException: ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
      int input = message.indexOf(" in the input");
      int stop = message.indexOf('.');
      if (input >= 0) {
        message = message.substring(0, input + " in the input".length());
      } else if (stop >= 0) {
        message = message.substring(0, stop);
      }
    }
    message = message.strip();
    while (message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    // Lower-case the first word unless it is an acronym ("STD3").
    int firstWord = message.indexOf(' ');
    String word = firstWord < 0 ? message : message.substring(0, firstWord);
    if (!word.equals(word.toUpperCase(Locale.ROOT)) || word.length() == 1) {
      message = message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
    return message.isEmpty() ? "rejected by IDNA" : shown(message, 80);
  }

  /**
   * RFC 1035 section 2.3.1 letter-digit-hyphen labels, with RFC 1123 section 2.1 allowing a leading
   * digit; returns null when {@code name} (lower-case ASCII, no empty labels) passes.
   */
  private static String hostNameProblem(String name) {
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty()) {
        return "empty label";
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!isLetterDigitHyphen(c)) {
          return "invalid character '"
              + shown(String.valueOf(c), 1)
              + "' in label '"
              + shown(label, SHOWN_LABEL)
              + "'";
        }
      }
      if (label.charAt(0) == '-') {
        return "label '" + shown(label, SHOWN_LABEL) + "' starts with a hyphen";
      }
      if (label.charAt(label.length() - 1) == '-') {
        return "label '" + shown(label, SHOWN_LABEL) + "' ends with a hyphen";
      }
      if (label.length() > MAX_LABEL_OCTETS) {
        return "label longer than 63 octets: " + label.substring(0, SHOWN_LONG_LABEL) + "…";
      }
    }
    if (name.length() > MAX_NAME_OCTETS) {
      return "name longer than 253 octets (" + name.length() + ")";
    }
    if (labels.length == 1) {
      return "single label, not a registrable domain";
    }
    // RFC 3696 section 2: a top-level domain is never all-numeric, so such a name is a typo or a
    // mangled address.
    String tld = labels[labels.length - 1];
    if (tld.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "all-numeric top-level label '" + shown(tld, SHOWN_LABEL) + "'";
    }
    return null;
  }

  private static boolean isLetterDigitHyphen(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }

  /**
   * {@code s} made safe to print in a reason: control and invisible characters as {@code \}{@code
   * uXXXX}, cut to {@code max} characters with an ellipsis.
   */
  static String shown(String s, int max) {
    StringBuilder out = new StringBuilder();
    int count = 0;
    for (int i = 0; i < s.length(); i++) {
      if (count == max) {
        return out.append('…').toString();
      }
      char c = s.charAt(i);
      if (Character.isISOControl(c)
          || Character.isSurrogate(c)
          || Character.getType(c) == Character.FORMAT
          || Character.getType(c) == Character.UNASSIGNED
          || (Character.isSpaceChar(c) && c != ' ')) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
      count++;
    }
    return out.toString();
  }
}

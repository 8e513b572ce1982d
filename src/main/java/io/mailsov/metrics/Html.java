package io.mailsov.metrics;

/** HTML text escaping: the one place every string bound for a page goes through. */
final class Html {
  private Html() {}

  /**
   * Escapes text for element content and quoted attribute values. Control characters (which DNS
   * data may carry) become numeric references so that nothing reaches the page raw.
   */
  static String escape(Object value) {
    String s = value == null ? "" : String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (Character.isISOControl(c)) {
            out.append("&#x").append(Integer.toHexString(c)).append(';');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}

package io.mailsov.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits one line of a CSV or TSV file into fields, with RFC 4180 quoting.
 *
 * <p>Lines are split one at a time so that a rejected row can be reported with its line number; the
 * price is that a quoted field cannot span lines (RFC 4180 section 2, rule 6 allows line breaks
 * inside quotes). Domain lists do not need them, and such a row shows up as a reject instead of
 * silently swallowing the lines after it.
 */
public final class CsvLine {
  private CsvLine() {}

  /**
   * The fields of {@code line}. A field that starts with a double quote (after optional spaces)
   * runs to the matching quote, {@code ""} inside it standing for one quote (RFC 4180 section 2,
   * rules 5 and 7); text after the closing quote is kept, as spreadsheets do. An unterminated quote
   * takes the rest of the line. One trailing CR is dropped.
   *
   * @return the fields, at least one; unmodifiable
   */
  public static List<String> split(String line, char delimiter) {
    Objects.requireNonNull(line, "line is null");
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
      throw new IllegalArgumentException(
          "Invalid delimiter " + DomainNormalizer.shown(String.valueOf(delimiter), 1));
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }

    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean inQuotes = false;
    boolean wasQuoted = false;
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      if (inQuotes) {
        if (c != '"') {
          field.append(c);
        } else if (i + 1 < end && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          inQuotes = false;
        }
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '"' && !wasQuoted && isBlank(field)) {
        field.setLength(0);
        inQuotes = true;
        wasQuoted = true;
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return List.copyOf(fields);
  }

  /**
   * The delimiter of a file, judged from its header line: whichever of tab, comma and semicolon
   * occurs most often outside quotes. Comma wins ties and a header without any of them (a single
   * column), then tab.
   */
  public static char detectDelimiter(String headerLine) {
    if (headerLine == null) {
      return ',';
    }
    int tabs = 0;
    int commas = 0;
    int semicolons = 0;
    boolean inQuotes = false;
    for (int i = 0; i < headerLine.length(); i++) {
      char c = headerLine.charAt(i);
      if (c == '"') {
        inQuotes = !inQuotes;
      } else if (!inQuotes) {
        switch (c) {
          case '\t' -> tabs++;
          case ',' -> commas++;
          case ';' -> semicolons++;
          default -> {}
        }
      }
    }

    char best = ',';
    int bestCount = commas;
    if (tabs > bestCount) {
      best = '\t';
      bestCount = tabs;
    }
    if (semicolons > bestCount) {
      best = ';';
    }
    return best;
  }

  private static boolean isBlank(StringBuilder field) {
    for (int i = 0; i < field.length(); i++) {
      if (field.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }
}

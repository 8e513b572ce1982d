package io.mailsov.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small, already collected table (column names and rows of values) and its renderings as aligned
 * text, CSV (RFC 4180) and JSON. Values that came from DNS are escaped by each format: control
 * characters never reach a terminal raw.
 */
public record ResultTable(String title, List<String> columns, List<List<Object>> rows) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ResultTable {
    Objects.requireNonNull(columns, "columns is null");
    columns = List.copyOf(columns);
    rows =
        rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
  }

  /** Collects a query result; callers bound it (LIMIT) where it could be large. */
  public static ResultTable of(String title, Dataset<Row> data) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : data.collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        values.add(r.get(i));
      }
      rows.add(values);
    }
    return new ResultTable(title, List.of(data.columns()), rows);
  }

  /** Checks a {@code --format} value before any work is done. */
  public static void checkFormat(String format) {
    if (!format.equals("text") && !format.equals("csv") && !format.equals("json")) {
      throw new IllegalArgumentException(
          "Invalid --format '" + format + "': use text, csv or json");
    }
  }

  /** The table as {@code text}, {@code csv} or {@code json}. */
  public String render(String format) {
    checkFormat(format);
    return switch (format) {
      case "csv" -> toCsv();
      case "json" -> {
        try {
          yield JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson())
              + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException("Cannot write JSON", e);
        }
      }
      default -> toText();
    };
  }

  /** The aligned text rendering, so that a notebook or JShell shows the table as such. */
  @Override
  public String toString() {
    return toText();
  }

  public String toText() {
    int[] widths = new int[columns.size()];
    List<List<String>> cells = new ArrayList<>();
    for (List<Object> row : rows) {
      List<String> c = row.stream().map(ResultTable::plain).toList();
      cells.add(c);
      for (int i = 0; i < c.size(); i++) {
        widths[i] = Math.max(widths[i], c.get(i).length());
      }
    }
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = Math.max(widths[i], columns.get(i).length());
    }
    StringBuilder s = new StringBuilder();
    if (title != null) {
      s.append(title).append(System.lineSeparator());
    }
    appendLine(s, columns, widths);
    List<String> rule = new ArrayList<>();
    for (int w : widths) {
      rule.add("-".repeat(w));
    }
    appendLine(s, rule, widths);
    cells.forEach(c -> appendLine(s, c, widths));
    s.append(String.format("(%d %s)%n", rows.size(), rows.size() == 1 ? "row" : "rows"));
    return s.toString();
  }

  private static void appendLine(StringBuilder s, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      boolean numeric =
          !c.isEmpty() && c.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.' || ch == '-');
      s.append(i == 0 ? "" : "  ");
      s.append(
          numeric
              ? " ".repeat(widths[i] - c.length()) + c
              : c + " ".repeat(widths[i] - c.length()));
    }
    s.append(System.lineSeparator());
  }

  /** An HTML table; every value escaped. */
  public String toHtml() {
    StringBuilder s = new StringBuilder();
    if (title != null) {
      s.append("<h2>").append(Html.escape(title)).append("</h2>\n");
    }
    s.append("<table>\n<thead><tr>");
    columns.forEach(c -> s.append("<th>").append(Html.escape(c)).append("</th>"));
    s.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : rows) {
      s.append("<tr>");
      for (Object v : row) {
        boolean number = v instanceof Number;
        s.append(number ? "<td class=\"n\">" : "<td>")
            .append(Html.escape(plain(v)))
            .append("</td>");
      }
      s.append("</tr>\n");
    }
    return s.append("</tbody>\n</table>\n").toString();
  }

  /**
   * A GitHub-flavoured Markdown table. Values are HTML-escaped too, since Markdown renderers pass
   * inline HTML through, and pipes are escaped so that a value cannot split a cell.
   */
  public String toMarkdown() {
    StringBuilder s = new StringBuilder();
    if (title != null) {
      s.append("## ").append(markdownCell(title)).append("\n\n");
    }
    s.append('|');
    columns.forEach(c -> s.append(' ').append(markdownCell(c)).append(" |"));
    s.append("\n|");
    columns.forEach(c -> s.append("---|"));
    s.append('\n');
    for (List<Object> row : rows) {
      s.append('|');
      row.forEach(v -> s.append(' ').append(markdownCell(plain(v))).append(" |"));
      s.append('\n');
    }
    return s.append('\n').toString();
  }

  private static String markdownCell(String text) {
    return Html.escape(text).replace("|", "\\|");
  }

  public String toCsv() {
    StringBuilder s = new StringBuilder();
    s.append(csvLine(new ArrayList<>(columns)));
    rows.forEach(r -> s.append(csvLine(r)));
    return s.toString();
  }

  private static String csvLine(List<?> values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      String t = v == null ? "" : String.valueOf(v);
      boolean quote = t.contains(",") || t.contains("\"") || t.contains("\n") || t.contains("\r");
      out.add(quote ? "\"" + t.replace("\"", "\"\"") + "\"" : t);
    }
    return String.join(",", out) + "\r\n";
  }

  public ArrayNode toJson() {
    ArrayNode array = JSON.createArrayNode();
    for (List<Object> row : rows) {
      ObjectNode o = array.addObject();
      for (int i = 0; i < columns.size(); i++) {
        o.set(columns.get(i), JSON.valueToTree(jsonValue(row.get(i))));
      }
    }
    return array;
  }

  private static Object jsonValue(Object v) {
    if (v instanceof Row r) {
      return r.toString();
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq).stream()
          .map(ResultTable::jsonValue)
          .toList();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.doubleValue();
    }
    return v;
  }

  /** A value as one line of text, with control characters shown as escapes. */
  static String plain(Object v) {
    if (v == null) {
      return "";
    }
    Object j = jsonValue(v);
    String s = String.valueOf(j);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

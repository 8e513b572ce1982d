package io.mailsov.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailsov.classify.Category;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sovereignty report of one scan, built from the registered views (see {@link Views}). Shares
 * are percentages of the sector's domains, as the broadcaster published them.
 */
public final class Report {
  /** Provider rows shown in the text report; the views hold all of them. */
  static final int TOP_PROVIDERS = 25;

  private final SparkSession spark;

  public Report(SparkSession spark) {
    this.spark = spark;
  }

  /** Sections of the report, by name, in display order. */
  public Map<String, ResultTable> sections() {
    Map<String, ResultTable> s = new LinkedHashMap<>();
    s.put(
        "scan",
        ResultTable.of(
            "Scan",
            spark.sql(
                "SELECT s.scan_id, s.started_at, s.finished_at, s.input_rows, s.results,"
                    + " s.rejects, s.queries, s.cache_hits"
                    + " FROM scans s JOIN selected_scan x ON s.scan_id = x.scan_id")));
    s.put("sector_share", sectorShareWide());
    s.put(
        "provider_share",
        ResultTable.of(
            "Mail operators (domains, share of all domains)",
            spark.sql(
                "SELECT provider, provider_name, company, jurisdiction, category, domains,"
                    + " share_pct FROM provider_share ORDER BY domains DESC, provider LIMIT "
                    + TOP_PROVIDERS)));
    s.put(
        "jurisdiction_exposure",
        ResultTable.of(
            "Under US jurisdiction (share of domains that receive mail)",
            orderSectors(spark.table("jurisdiction_exposure"), "domains_with_mail")));
    s.put(
        "concentration",
        ResultTable.of(
            "Concentration per sector (HHI 0-10000, top-3 share)",
            orderSectors(spark.table("concentration"), "domains")));
    s.put(
        "footprint",
        ResultTable.of(
            "Mail, DNS and web operators under US jurisdiction (domains)",
            orderSectors(spark.table("footprint_share"), "domains")));
    s.put(
        "gateways",
        ResultTable.of(
            "Operators found behind filtering gateways (domains)",
            spark.sql(
                "SELECT gateway, gateway_country, provider, category, count(*) AS domains"
                    + " FROM hidden_behind_gateway WHERE looked_through"
                    + " GROUP BY gateway, gateway_country, provider, category"
                    + " ORDER BY domains DESC, gateway, provider LIMIT "
                    + TOP_PROVIDERS)));
    return s;
  }

  /** The broadcaster's table: one row per sector, one column per category, in percent. */
  public ResultTable sectorShareWide() {
    List<String> categories = Arrays.stream(Category.values()).map(Category::label).toList();
    Dataset<Row> wide =
        spark
            .table("sector_share")
            .groupBy("sector", "sector_domains")
            .pivot("category", new ArrayList<Object>(categories))
            .agg(first("share_pct"))
            .na()
            .fill(0.0);
    List<Column> columns = new ArrayList<>();
    columns.add(col("sector"));
    columns.add(col("sector_domains").as("domains"));
    categories.forEach(c -> columns.add(col(c).cast("decimal(5,1)").as(c + " %")));
    return ResultTable.of(
        "Where mail is, per sector (share of the sector's domains, %)",
        orderSectors(wide, "sector_domains").select(columns.toArray(Column[]::new)));
  }

  /** Largest sectors first, the whole-scan '(all)' row last. */
  private static Dataset<Row> orderSectors(Dataset<Row> d, String sizeColumn) {
    return d.orderBy(
        when(col("sector").equalTo("(all)"), 1).otherwise(0),
        col(sizeColumn).desc(),
        col("sector"));
  }

  public String toText() {
    StringBuilder s = new StringBuilder();
    sections().values().forEach(t -> s.append(t.toText()).append(System.lineSeparator()));
    return s.toString();
  }

  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    sections().forEach((name, table) -> root.set(name, table.toJson()));
    try {
      return mapper.writeValueAsString(root) + System.lineSeparator();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the report as JSON", e);
    }
  }

  public String toMarkdown() {
    StringBuilder s = new StringBuilder("# mailsov report\n\n");
    sections().values().forEach(t -> s.append(t.toMarkdown()));
    return s.toString();
  }

  /**
   * One self-contained page: the tables and four charts (category share per sector, operators,
   * US-jurisdiction exposure, the trend over all recorded scans) as embedded PNG images. It loads
   * nothing from the network. Every string is escaped, DNS-derived ones included.
   */
  public String toHtml() {
    Charts charts = new Charts(spark);
    Map<String, ResultTable> tables = sections();
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>mailsov report</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:1000px}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("th,td{border:1px solid #ccc;padding:2px 8px}td.n{text-align:right}")
        .append("img{max-width:100%;display:block;margin:1em 0}\n")
        .append("</style>\n</head>\n<body>\n<h1>mailsov report</h1>\n");
    s.append(tables.get("scan").toHtml());
    figure(s, "sector-share", "Share of each category per sector", charts.sectorShare());
    s.append(tables.get("sector_share").toHtml());
    figure(s, "provider-share", "Mail operators", charts.providerShare());
    s.append(tables.get("provider_share").toHtml());
    figure(s, "jurisdiction", "Mail under US jurisdiction", charts.jurisdictionExposure());
    s.append(tables.get("jurisdiction_exposure").toHtml());
    s.append(tables.get("concentration").toHtml());
    s.append(tables.get("footprint").toHtml());
    s.append(tables.get("gateways").toHtml());
    figure(s, "trend", "Category share over the recorded scans", charts.trend());
    return s.append("</body>\n</html>\n").toString();
  }

  private static void figure(StringBuilder s, String id, String alt, String dataUri) {
    s.append("<img id=\"chart-")
        .append(id)
        .append("\" alt=\"")
        .append(Html.escape(alt))
        .append("\" src=\"")
        .append(dataUri)
        .append("\">\n");
  }

  /** One section as CSV; CSV has no room for several tables in one file. */
  public String toCsv(String section) {
    ResultTable t = sections().get(section);
    if (t == null) {
      throw new IllegalArgumentException(
          "Unknown report section '" + section + "'; known: " + sections().keySet());
    }
    return t.toCsv();
  }
}

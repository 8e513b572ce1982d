package io.mailsov.metrics;

import io.mailsov.classify.Category;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The report's charts, drawn with JFreeChart from the registered views and returned as PNG data
 * URIs, so the HTML page needs nothing from the network to show them.
 */
final class Charts {
  static final int WIDTH = 900;

  /** One colour per category, the same in every chart. */
  private static final Map<Category, Color> COLORS =
      Map.of(
          Category.MICROSOFT, new Color(0x1f77b4),
          Category.GOOGLE, new Color(0xd62728),
          Category.OTHER_US, new Color(0xff7f0e),
          Category.NATIONAL, new Color(0x2ca02c),
          Category.EU, new Color(0x17becf),
          Category.OTHER_FOREIGN, new Color(0x9467bd),
          Category.SELF_HOSTED, new Color(0x7f7f7f),
          Category.NONE, new Color(0xc7c7c7),
          Category.UNKNOWN, new Color(0x393b39));

  private final SparkSession spark;

  Charts(SparkSession spark) {
    System.setProperty("java.awt.headless", "true");
    this.spark = spark;
  }

  /** Stacked bars: the share of each category in each sector (the broadcaster's table). */
  String sectorShare() {
    DefaultCategoryDataset data =
        seriesPerCategory(
            spark
                .sql(
                    "SELECT sector, category, share_pct FROM sector_share"
                        + " ORDER BY CASE WHEN sector = '(all)' THEN 1 ELSE 0 END,"
                        + " sector_domains DESC, sector")
                .collectAsList());
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            "Where mail is, per sector",
            null,
            "% of the sector's domains",
            data,
            PlotOrientation.HORIZONTAL,
            true,
            false,
            false);
    colourByCategory(chart, data);
    chart.getCategoryPlot().getRangeAxis().setRange(0, 100);
    return png(chart, Math.max(300, 60 + 32 * data.getColumnCount()));
  }

  /** Bars: domains per operator, the largest first. */
  String providerShare() {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Row r :
        spark
            .sql("SELECT provider, domains FROM provider_share ORDER BY domains DESC LIMIT 15")
            .collectAsList()) {
      data.addValue(r.getLong(1), "domains", r.getString(0));
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Mail operators (largest 15)",
            null,
            "domains",
            data,
            PlotOrientation.HORIZONTAL,
            false,
            false,
            false);
    return png(chart, Math.max(300, 60 + 28 * data.getColumnCount()));
  }

  /**
   * Stacked bars: the share of each sector's mail under US jurisdiction, split by how strongly the
   * signals back each verdict (see {@code jurisdiction_exposure}).
   */
  String jurisdictionExposure() {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    String[] strengths = {"strong (80-100)", "medium (50-79)", "weak (below 50)"};
    for (Row r :
        spark
            .sql(
                "SELECT sector, 100.0 * us_strong / domains_with_mail,"
                    + " 100.0 * us_medium / domains_with_mail,"
                    + " 100.0 * us_weak / domains_with_mail FROM jurisdiction_exposure"
                    + " ORDER BY CASE WHEN sector = '(all)' THEN 1 ELSE 0 END,"
                    + " domains_with_mail DESC, sector")
            .collectAsList()) {
      for (int i = 0; i < strengths.length; i++) {
        data.addValue(((Number) r.get(i + 1)).doubleValue(), strengths[i], r.getString(0));
      }
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            "Mail under US jurisdiction, by signal strength",
            null,
            "% of domains that receive mail",
            data,
            PlotOrientation.HORIZONTAL,
            true,
            false,
            false);
    CategoryItemRenderer renderer = chart.getCategoryPlot().getRenderer();
    renderer.setSeriesPaint(0, new Color(0x8c1c13));
    renderer.setSeriesPaint(1, new Color(0xd9622b));
    renderer.setSeriesPaint(2, new Color(0xf2b134));
    chart.getCategoryPlot().getRangeAxis().setRange(0, 100);
    return png(chart, Math.max(300, 80 + 32 * data.getColumnCount()));
  }

  /** Lines: each category's share of all domains in every recorded scan, oldest first. */
  String trend() {
    DefaultCategoryDataset data =
        seriesPerCategory(
            spark
                .sql(
                    "SELECT s.scan_id, r.category,"
                        + " 100.0 * count(*) / sum(count(*)) OVER (PARTITION BY s.scan_id) AS pct"
                        + " FROM domain_results r JOIN scans s ON r.scan_id = s.scan_id"
                        + " GROUP BY s.scan_id, s.finished_at, r.category"
                        + " ORDER BY s.finished_at, s.scan_id")
                .collectAsList());
    JFreeChart chart =
        ChartFactory.createLineChart(
            "Category share over the recorded scans",
            "scan",
            "% of domains",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    colourByCategory(chart, data);
    return png(chart, 420);
  }

  /**
   * One series per category, in the categories' fixed order, from rows of (column key, category
   * label, value); the rows' order gives the order of the column keys.
   */
  private static DefaultCategoryDataset seriesPerCategory(List<Row> rows) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Category c : Category.values()) {
      for (Row r : rows) {
        if (r.getString(1).equals(c.label())) {
          data.addValue(((Number) r.get(2)).doubleValue(), c.label(), r.getString(0));
        }
      }
    }
    return data;
  }

  private static void colourByCategory(JFreeChart chart, DefaultCategoryDataset data) {
    CategoryPlot plot = chart.getCategoryPlot();
    CategoryItemRenderer renderer = plot.getRenderer();
    for (int i = 0; i < data.getRowCount(); i++) {
      Color c = COLORS.get(Category.fromLabel((String) data.getRowKey(i)));
      if (c != null) {
        renderer.setSeriesPaint(i, c);
      }
    }
  }

  private static String png(JFreeChart chart, int height) {
    chart.setBackgroundPaint(Color.WHITE);
    BufferedImage image = chart.createBufferedImage(WIDTH, height);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode a chart as PNG", e);
    }
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}

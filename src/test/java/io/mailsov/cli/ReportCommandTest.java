package io.mailsov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.testing.Chromium;
import io.mailsov.testing.Cli;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/** The report's page and Markdown: charts present and drawn, every string escaped. */
class ReportCommandTest {
  @TempDir static Path dir;
  private static String warehouse;

  @BeforeAll
  static void twoScans() throws Exception {
    List<org.xbill.DNS.Record> records = new ArrayList<>();
    String[] targets = {
      "x.mail.protection.outlook.com.", "aspmx.l.google.com.", "mx.transip.email."
    };
    StringBuilder csv = new StringBuilder("domain,organization,sector\n");
    for (int i = 0; i < 30; i++) {
      String domain = "r" + i + ".nl";
      records.add(
          new MXRecord(
              Name.fromConstantString(domain + "."),
              DClass.IN,
              60,
              10,
              Name.fromConstantString(targets[i % 3])));
      String sector = i % 2 == 0 ? "municipality" : "\"<script>alert(1)</script>\"";
      csv.append(domain).append(",\"Org | A & B\",").append(sector).append('\n');
    }
    Path input = dir.resolve("list.csv");
    Files.writeString(input, csv);
    warehouse = dir.resolve("w").toString();
    try (AuthoritativeServer server =
        AuthoritativeServer.start(ZoneData.of(records), Faults.none())) {
      for (String id : List.of("s1", "s2")) {
        Cli.Result r =
            Cli.run(
                "scan",
                "--domains",
                input.toString(),
                "--warehouse",
                warehouse,
                "--scan-id",
                id,
                "--resolvers",
                "127.0.0.1:" + server.port(),
                "--master",
                "local[2]");
        assertThat(r.code()).as(r.err()).isZero();
      }
    }
  }

  /** The page of the latest scan, written once for the tests that read it. */
  private static synchronized Path htmlPage() {
    Path page = dir.resolve("report.html");
    if (!Files.exists(page)) {
      Cli.Result r =
          Cli.run(
              "report", "--warehouse", warehouse, "--format", "html", "--output", page.toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    return page;
  }

  @Test
  void htmlPageEmbedsFourDrawnChartsAndEscapesEveryString() throws Exception {
    String html = Files.readString(htmlPage());

    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).doesNotContain("http://").doesNotContain("https://");
    Matcher m =
        Pattern.compile(
                "<img id=\"chart-([a-z-]+)\" alt=\"[^\"]*\" src=\"data:image/png;base64,"
                    + "([A-Za-z0-9+/=]+)\">")
            .matcher(html);
    List<String> charts = new ArrayList<>();
    while (m.find()) {
      charts.add(m.group(1));
      BufferedImage image =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(2))));
      assertThat(image.getWidth()).as("width of %s", m.group(1)).isGreaterThan(500);
      assertThat(distinctColours(image)).as("colours drawn in %s", m.group(1)).isGreaterThan(8);
    }
    assertThat(charts).containsExactly("sector-share", "provider-share", "jurisdiction", "trend");
  }

  /**
   * Opens the page in headless Chromium: every chart must decode (a probe script in a copy of the
   * page reports each image's natural size and position after load), and the screenshot of the page
   * itself must show drawn pixels where each chart sits. Skipped only when Chromium is not
   * installed; {@code .ci/run} installs it.
   */
  @Test
  void chromiumRendersEveryChart() throws Exception {
    Optional<Chromium> chromium = Chromium.find(dir);
    assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium)");
    Path page = htmlPage();
    String html = Files.readString(page);
    Path probe = dir.resolve("rendered-probe.html");
    Files.writeString(probe, html.replace("</body>", PROBE + "</body>"));

    String dom = chromium.get().dumpDom(probe, PAGE_WIDTH, 900);
    Matcher m = Pattern.compile("<pre id=\"render-metrics\">(.*?)</pre>").matcher(dom);
    assertThat(m.find()).as("probe output in the rendered DOM:%n%s", dom).isTrue();
    JsonNode metrics = new ObjectMapper().readTree(m.group(1).replace("&amp;", "&"));
    List<String> ids = new ArrayList<>();
    metrics.get("images").forEach(i -> ids.add(i.get("id").asText()));
    assertThat(ids)
        .containsExactly(
            "chart-sector-share", "chart-provider-share", "chart-jurisdiction", "chart-trend");

    int height = metrics.get("height").asInt();
    BufferedImage shot = chromium.get().screenshot(page, PAGE_WIDTH, height);
    assertThat(shot.getHeight()).isEqualTo(height);
    // Kept for a look after the run.
    Files.createDirectories(SCREENSHOT.getParent());
    ImageIO.write(shot, "png", SCREENSHOT.toFile());
    for (JsonNode image : metrics.get("images")) {
      String id = image.get("id").asText();
      assertThat(image.get("complete").asBoolean()).as("%s loaded", id).isTrue();
      assertThat(image.get("naturalWidth").asInt()).as("%s decoded width", id).isEqualTo(900);
      int x = image.get("x").asInt();
      int y = image.get("y").asInt();
      int w = image.get("width").asInt();
      int h = image.get("height").asInt();
      assertThat(h).as("%s drawn height", id).isGreaterThan(200);
      BufferedImage region = shot.getSubimage(x, y, Math.min(w, shot.getWidth() - x), h);
      assertThat(inkShare(region)).as("share of drawn pixels in %s", id).isGreaterThan(0.03);
      assertThat(distinctColours(region)).as("colours in %s", id).isGreaterThan(8);
    }
    // A region of the page without a chart is mostly background: the measure can tell them apart.
    assertThat(inkShare(shot.getSubimage(0, 0, 20, Math.min(height, 400)))).isLessThan(0.01);
  }

  private static final int PAGE_WIDTH = 1100;
  private static final Path SCREENSHOT = Path.of("target", "chromium", "report.png");

  /** Reports each image's load state, natural size and place on the page into the DOM. */
  private static final String PROBE =
      "<script>window.addEventListener('load', function () {"
          + " var images = [];"
          + " document.querySelectorAll('img').forEach(function (i) {"
          + "  var r = i.getBoundingClientRect();"
          + "  images.push({id: i.id, complete: i.complete, naturalWidth: i.naturalWidth,"
          + "   x: Math.round(r.left + window.scrollX), y: Math.round(r.top + window.scrollY),"
          + "   width: Math.round(r.width), height: Math.round(r.height)}); });"
          + " var pre = document.createElement('pre'); pre.id = 'render-metrics';"
          + " pre.textContent = JSON.stringify({images: images,"
          + "  height: document.documentElement.scrollHeight});"
          + " document.body.appendChild(pre); });</script>\n";

  /** The share of pixels clearly darker than the white background. */
  private static double inkShare(BufferedImage image) {
    long ink = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int darkest = Math.min(rgb >> 16 & 0xff, Math.min(rgb >> 8 & 0xff, rgb & 0xff));
        if (darkest < 200) {
          ink++;
        }
      }
    }
    return (double) ink / ((long) image.getWidth() * image.getHeight());
  }

  @Test
  void markdownEscapesPipesAndMarkup() {
    Cli.Result r = Cli.run("report", "--warehouse", warehouse, "--format", "markdown");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("| sector |").contains("&lt;script&gt;").doesNotContain("<script");
  }

  @Test
  void migrationMatrixOfTwoEqualScansIsTheDiagonalAndSumsToTheDomains() {
    Cli.Result r =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
            "SELECT from_category, to_category, domains FROM migration_matrix"
                + " ORDER BY from_category");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().skip(1).toList())
        .containsExactly("google,google,10", "microsoft,microsoft,10", "national,national,10");
  }

  @Test
  void unknownFormatIsExitCodeTwo() {
    assertThat(Cli.run("report", "--warehouse", warehouse, "--format", "pdf").code()).isEqualTo(2);
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}

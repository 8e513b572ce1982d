package io.mailsov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.testing.Cli;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

  @Test
  void htmlPageEmbedsFourDrawnChartsAndEscapesEveryString() throws Exception {
    Path page = dir.resolve("report.html");
    Cli.Result r =
        Cli.run(
            "report", "--warehouse", warehouse, "--format", "html", "--output", page.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String html = Files.readString(page);

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

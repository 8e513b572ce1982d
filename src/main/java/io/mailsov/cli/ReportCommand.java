package io.mailsov.cli;

import io.mailsov.metrics.Report;
import io.mailsov.store.Sessions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Print the sovereignty metrics of a scan: share per category per sector,"
            + " operators, US-jurisdiction exposure, concentration, mail/DNS/web footprint,"
            + " operators behind gateways.")
final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();
  @Mixin ViewOptions view = new ViewOptions();

  @Option(
      names = "--format",
      paramLabel = "text|csv|json|markdown|html",
      defaultValue = "text",
      description = "html is one self-contained page with charts; give --output for it")
  String format;

  @Option(
      names = "--section",
      paramLabel = "NAME",
      defaultValue = "sector_share",
      description =
          "the table written by --format csv: scan, sector_share, provider_share,"
              + " jurisdiction_exposure, concentration, footprint or gateways")
  String section;

  @Override
  public Integer call() throws Exception {
    if (!List.of("text", "csv", "json", "markdown", "html").contains(format)) {
      throw new IllegalArgumentException(
          "Invalid --format '" + format + "': use text, csv, json, markdown or html");
    }
    SparkSession spark = Sessions.create("mailsov report", common.master, common.verbose);
    view.register(spark);
    Report report = new Report(spark);
    String text =
        switch (format) {
          case "csv" -> report.toCsv(section);
          case "json" -> report.toJson();
          case "markdown" -> report.toMarkdown();
          case "html" -> report.toHtml();
          default -> report.toText();
        };
    Output.write(text, view.output);
    return 0;
  }
}

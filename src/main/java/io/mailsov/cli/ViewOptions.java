package io.mailsov.cli;

import io.mailsov.classify.Catalogue;
import io.mailsov.metrics.Views;
import io.mailsov.store.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** What the commands that read the views ({@code report}, {@code sql}) share. */
final class ViewOptions {
  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./warehouse")
  String warehouse;

  @Option(
      names = "--scan-id",
      paramLabel = "ID",
      description = "the scan behind scan_results and the metric views (default: the latest)")
  String scanId;

  @Option(
      names = "--as-of",
      paramLabel = "TIME|VERSION",
      description =
          "read the Delta tables as they were: a timestamp ('2026-12-03 17:30:00') or"
              + " a version of the scans table (default: now)")
  String asOf;

  @Option(names = "--output", paramLabel = "FILE", description = "default: standard output")
  Path output;

  /** Registers the tables and views these options select. */
  void register(SparkSession spark) {
    Views.register(spark, new Warehouse(spark, warehouse), scanId, asOf, catalogue());
  }

  /**
   * The catalogue behind the {@code providers} table: the installation's {@code
   * conf/providers.yaml}, else the copy bundled into the jar (as {@code scan} finds it).
   */
  static Catalogue catalogue() {
    try {
      CatalogueFile file = CatalogueFile.read(null);
      return Catalogue.fromYaml(file.text(), file.source());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the provider catalogue: " + e.getMessage(), e);
    }
  }
}

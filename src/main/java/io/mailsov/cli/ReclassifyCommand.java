package io.mailsov.cli;

import io.mailsov.scan.ReclassifyJob;
import io.mailsov.store.Sessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "reclassify",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Classify a recorded scan again from the DNS answers it kept (dns_observations), without"
          + " sending a DNS question: the way to apply a changed provider catalogue or ASN table"
          + " to past scans.",
      "The result is the scan's next classification: domain_results shows it, result_versions"
          + " keeps it and the one it replaced, classifications describes both. Compare them with"
          + " diff --from ID@N --to ID@M."
    })
final class ReclassifyCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--scan-id", required = true, paramLabel = "ID")
  String scanId;

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./warehouse")
  String warehouse;

  @Mixin ReplayOptions replay = new ReplayOptions();

  @Override
  public Integer call() throws Exception {
    io.mailsov.store.Warehouse.checkScanId(scanId);
    replay.checkReadable();
    CatalogueFile cat = replay.catalogueFile();
    // Fails here, before Spark starts, if the catalogue is invalid.
    io.mailsov.classify.Catalogue.fromYaml(cat.text(), cat.source());
    SparkSession spark =
        Sessions.create("mailsov reclassify " + scanId, common.master, common.verbose);
    ReclassifyJob.Outcome outcome =
        new ReclassifyJob(spark, System.out)
            .run(
                warehouse,
                scanId,
                new ReclassifyJob.Request(
                    cat.text(), cat.source(), replay.namedAsnDb(), replay.noAsn()));
    System.out.printf(
        "scan %s: classification %d, %,d domains, %,d with another provider or category than"
            + " before%n",
        scanId, outcome.classification(), outcome.results(), outcome.changed());
    return 0;
  }
}

package io.mailsov.cli;

import io.mailsov.scan.ReclassifyJob;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Option(
      names = "--catalogue",
      paramLabel = "FILE",
      description =
          "provider catalogue (default: conf/providers.yaml of the installation, else the"
              + " bundled copy)")
  Path catalogue;

  @Option(
      names = "--asn-db",
      paramLabel = "FILE|none",
      description =
          "ip2asn TSV to name the networks of addresses (default: the one the scan used, if it"
              + " can still be read; 'none' for no AS data)")
  String asnDb;

  @Override
  public Integer call() throws Exception {
    io.mailsov.store.Warehouse.checkScanId(scanId);
    boolean none = "none".equals(asnDb);
    if (asnDb != null && !none && !asnDb.contains("://") && !Files.isReadable(Path.of(asnDb))) {
      throw new IllegalArgumentException("Cannot read --asn-db " + asnDb);
    }
    CatalogueFile cat = CatalogueFile.read(catalogue);
    // Fails here, before Spark starts, if the catalogue is invalid.
    io.mailsov.classify.Catalogue.fromYaml(cat.text(), cat.source());
    SparkSession spark =
        Sessions.create("mailsov reclassify " + scanId, common.master, common.verbose);
    ReclassifyJob.Outcome outcome =
        new ReclassifyJob(spark, System.out)
            .run(
                warehouse,
                scanId,
                new ReclassifyJob.Request(cat.text(), cat.source(), none ? null : asnDb, none));
    System.out.printf(
        "scan %s: classification %d, %,d domains, %,d with another provider or category than"
            + " before%n",
        scanId, outcome.classification(), outcome.results(), outcome.changed());
    return 0;
  }
}

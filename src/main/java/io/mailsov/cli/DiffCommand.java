package io.mailsov.cli;

import io.mailsov.metrics.Diff;
import io.mailsov.metrics.ResultTable;
import io.mailsov.metrics.Views;
import io.mailsov.store.Classifications;
import io.mailsov.store.Sessions;
import io.mailsov.store.Warehouse;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "List the domains whose provider or category differs between two scans, or between two"
          + " classifications of one scan.",
      "ID is a scan id (its current classification); ID@N is classification N of that scan (0:"
          + " the scan's own, then one per reclassify)."
    })
final class DiffCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--from", required = true, paramLabel = "ID[@N]")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ID[@N]")
  String to;

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./warehouse")
  String warehouse;

  @Option(names = "--format", paramLabel = "text|csv|json", defaultValue = "text")
  String format;

  @Override
  public Integer call() throws Exception {
    Classifications.Ref fromRef = Classifications.Ref.parse(from);
    Classifications.Ref toRef = Classifications.Ref.parse(to);
    SparkSession spark = Sessions.create("mailsov diff", common.master, common.verbose);
    Warehouse w = new Warehouse(spark, warehouse);
    Views.register(spark, w, toRef.scanId());
    // Registers diff_from and diff_to, which the catalogue note below reads.
    ResultTable table = Diff.between(spark, w, from, to);
    String text = table.render(format);
    System.out.print(text);
    List<String> catalogues =
        spark
            .sql(
                "SELECT DISTINCT concat(catalogue_version, ' ', substr(catalogue_hash, 1, 12)) FROM"
                    + " (SELECT catalogue_version, catalogue_hash FROM diff_from UNION ALL"
                    + " SELECT catalogue_version, catalogue_hash FROM diff_to)"
                    + " WHERE catalogue_hash IS NOT NULL ORDER BY 1")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    if (catalogues.size() > 1) {
      // Said on stderr so that csv and json output stay clean.
      System.err.println(
          "mailsov: note: the rows were classified with different catalogues "
              + catalogues
              + ", so some changes may be rule changes; reclassify the scans with one catalogue"
              + " to compare like with like");
    }
    return 0;
  }
}

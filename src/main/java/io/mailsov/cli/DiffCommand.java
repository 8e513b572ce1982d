package io.mailsov.cli;

import io.mailsov.metrics.Diff;
import io.mailsov.metrics.ResultTable;
import io.mailsov.metrics.Views;
import io.mailsov.store.Warehouse;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "List the domains whose provider or category differs between two scans.")
final class DiffCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--from", required = true, paramLabel = "ID")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ID")
  String to;

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./warehouse")
  String warehouse;

  @Option(names = "--format", paramLabel = "text|csv|json", defaultValue = "text")
  String format;

  @Override
  public Integer call() throws Exception {
    Warehouse.checkScanId(from);
    Warehouse.checkScanId(to);
    SparkSession spark = Sessions.create("mailsov diff", common.master, common.verbose);
    Views.register(spark, new Warehouse(spark, warehouse), to, null, ViewOptions.catalogue());
    ResultTable table = Diff.between(spark, from, to);
    String text = table.render(format);
    System.out.print(text);
    return 0;
  }
}

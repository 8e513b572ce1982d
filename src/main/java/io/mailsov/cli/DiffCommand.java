package io.mailsov.cli;

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
    for (String id : new String[] {from, to}) {
      if (spark.sql("SELECT 1 FROM scans WHERE scan_id = '" + id + "'").isEmpty()) {
        throw new IllegalArgumentException("No recorded scan with id '" + id + "'");
      }
    }
    // Scan ids were checked against a safe alphabet above, so they can stand in the query text.
    String query =
        "SELECT coalesce(t.domain, f.domain) AS domain,"
            + " coalesce(t.organization, f.organization) AS organization,"
            + " coalesce(t.sector, f.sector) AS sector,"
            + " f.provider AS from_provider, t.provider AS to_provider,"
            + " f.category AS from_category, t.category AS to_category"
            + " FROM (SELECT * FROM domain_results WHERE scan_id = '"
            + from
            + "') f"
            + " FULL OUTER JOIN (SELECT * FROM domain_results WHERE scan_id = '"
            + to
            + "') t"
            + " ON f.domain = t.domain"
            + " WHERE NOT (f.provider <=> t.provider) OR NOT (f.category <=> t.category)"
            + " ORDER BY domain";
    ResultTable table = ResultTable.of("Changed between " + from + " and " + to, spark.sql(query));
    String text = table.render(format);
    System.out.print(text);
    return 0;
  }
}

package io.mailsov.cli;

import io.mailsov.metrics.ReadOnlySql;
import io.mailsov.metrics.ResultTable;
import io.mailsov.store.Sessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run Spark SQL over the warehouse. Registered: scans, domain_results, rejects,"
          + " selected_scan, providers (the provider catalogue), scan_results, latest_results,"
          + " sector_share, provider_share, jurisdiction_exposure, concentration,"
          + " hidden_behind_gateway, footprint, footprint_share, changes, migration_matrix."
    })
final class SqlCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();
  @Mixin ViewOptions view = new ViewOptions();

  @Parameters(paramLabel = "QUERY", description = "one SQL statement")
  String query;

  @Option(names = "--format", paramLabel = "text|csv|json", defaultValue = "text")
  String format;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "10000",
      description = "rows printed at most")
  int limit;

  @Option(
      names = "--allow-writes",
      description =
          "run statements that change tables too (default: only queries, SHOW,"
              + " DESCRIBE and EXPLAIN)")
  boolean allowWrites;

  @Override
  public Integer call() throws Exception {
    ResultTable.checkFormat(format);
    SparkSession spark = Sessions.create("mailsov sql", common.master, common.verbose);
    view.register(spark);
    if (!allowWrites) {
      ReadOnlySql.check(spark, query);
    }
    Dataset<Row> result = spark.sql(query).limit(limit);
    ResultTable table = ResultTable.of(null, result);
    String text = table.render(format);
    Output.write(text, view.output);
    return 0;
  }
}

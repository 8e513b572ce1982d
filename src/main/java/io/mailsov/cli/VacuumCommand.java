package io.mailsov.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.delta.tables.DeltaTable;
import io.mailsov.store.Sessions;
import io.mailsov.store.Tables;
import io.mailsov.store.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Retention of a Delta warehouse: optionally drops whole scans older than a number of days, then
 * deletes the files no table version younger than {@code --keep-days} still needs (Delta VACUUM).
 *
 * <p>Dropping a scan is a Delta DELETE, one commit per table: readers see the scan until the commit
 * and not after, and time travel still finds it until VACUUM removes its files, which happens only
 * once the drop is older than {@code --keep-days}.
 */
@Command(
    name = "vacuum",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Retention: drop scans older than --drop-scans-older-than days (optional; the latest scan"
          + " is always kept), then delete the files that left every table more than --keep-days"
          + " days ago (Delta VACUUM). Time travel (--as-of) reaches back --keep-days days.",
      "Delta warehouses only. Safe to run while nothing scans into the warehouse."
    })
final class VacuumCommand implements Callable<Integer> {
  /** Delta refuses to VACUUM with less retention than this unless its check is turned off. */
  static final int DELTA_MINIMUM_DAYS = 7;

  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * VACUUM lists a table's files in this many tasks; Spark's default of 10,000 makes a small
   * warehouse take minutes on a laptop.
   */
  private static final String LISTING_PARALLELISM =
      "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./warehouse")
  String warehouse;

  @Option(
      names = "--keep-days",
      paramLabel = "N",
      defaultValue = "30",
      description =
          "keep the files any table version of the last N days reads; older ones are deleted")
  int keepDays;

  @Option(
      names = "--drop-scans-older-than",
      paramLabel = "DAYS",
      description =
          "first delete from every table the scans that started more than DAYS days ago"
              + " (default: drop no scan)")
  Integer dropOlderThan;

  @Option(
      names = "--force",
      description =
          "allow --keep-days below Delta's 7-day minimum: a reader or a scan still working on an"
              + " older table version then fails when its files disappear")
  boolean force;

  @Option(
      names = "--dry-run",
      description = "print what would be dropped and deleted; change nothing")
  boolean dryRun;

  PrintStream out = System.out;

  @Override
  public Integer call() throws IOException {
    if (keepDays < 0) {
      throw new IllegalArgumentException("Invalid --keep-days " + keepDays + ": use 0 or more");
    }
    if (keepDays < DELTA_MINIMUM_DAYS && !force) {
      throw new IllegalArgumentException(
          "Invalid --keep-days "
              + keepDays
              + ": below Delta's minimum of "
              + DELTA_MINIMUM_DAYS
              + " days, files that a running scan or reader still needs could be deleted; pass"
              + " --force if nothing uses the warehouse now");
    }
    if (dropOlderThan != null && dropOlderThan < 0) {
      throw new IllegalArgumentException(
          "Invalid --drop-scans-older-than " + dropOlderThan + ": use 0 or more days");
    }
    SparkSession spark = Sessions.create("mailsov vacuum", common.master, common.verbose);
    Warehouse w = new Warehouse(spark, warehouse);
    List<String> tables = deltaTables(spark, w);

    if (dropOlderThan != null) {
      dropScans(spark, w, tables);
    }
    vacuum(spark, w, tables);
    return 0;
  }

  /** The warehouse's Delta tables, {@code scans} first: dropping there hides a scan at once. */
  private List<String> deltaTables(SparkSession spark, Warehouse w) throws IOException {
    Path root = new Path(w.root());
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(root)) {
      throw new IllegalArgumentException("Cannot vacuum " + w.root() + ": no such warehouse");
    }
    List<String> tables = new ArrayList<>();
    for (FileStatus s : fs.listStatus(root)) {
      if (s.isDirectory() && fs.exists(new Path(s.getPath(), "_delta_log"))) {
        tables.add(s.getPath().getName());
      }
    }
    if (!tables.contains(Tables.SCANS)) {
      throw new IllegalArgumentException(
          "Cannot vacuum "
              + w.root()
              + ": it has no Delta table 'scans' (a Parquet warehouse keeps one folder per scan"
              + " id, which can be deleted by hand)");
    }
    tables.sort(
        (a, b) -> a.equals(Tables.SCANS) ? -1 : b.equals(Tables.SCANS) ? 1 : a.compareTo(b));
    return tables;
  }

  private void dropScans(SparkSession spark, Warehouse w, List<String> tables) {
    Timestamp cutoff = Timestamp.from(Instant.now().minus(Duration.ofDays(dropOlderThan)));
    var scans = w.read(Tables.SCANS);
    Timestamp latest = scans.agg(max("started_at")).first().getTimestamp(0);
    List<String> old =
        scans
            .where(col("started_at").lt(cutoff).and(col("started_at").lt(latest)))
            .orderBy("started_at")
            .select("scan_id")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    out.printf(
        "%s %d scan%s that started before %s%s%n",
        dryRun ? "would drop" : "dropping",
        old.size(),
        old.size() == 1 ? "" : "s",
        cutoff.toInstant(),
        old.isEmpty() ? "" : ": " + String.join(", ", old));
    if (old.isEmpty() || dryRun) {
      return;
    }
    for (String table : tables) {
      if (List.of(w.read(table).columns()).contains("scan_id")) {
        DeltaTable.forPath(spark, w.path(table)).delete(col("scan_id").isin(old.toArray()));
        out.printf("  %s: deleted the rows of %d scans%n", table, old.size());
      }
    }
  }

  private void vacuum(SparkSession spark, Warehouse w, List<String> tables) {
    String previous = spark.conf().get(RETENTION_CHECK, "true");
    if (keepDays < DELTA_MINIMUM_DAYS) {
      spark.conf().set(RETENTION_CHECK, "false");
    }
    String listing = spark.conf().get(LISTING_PARALLELISM, "10000");
    spark
        .conf()
        .set(
            LISTING_PARALLELISM,
            String.valueOf(Math.max(2, 4 * spark.sparkContext().defaultParallelism())));
    try {
      long hours = keepDays * 24L;
      for (String table : tables) {
        String target = "delta.`" + w.path(table) + "`";
        // The dry run lists what a vacuum would delete; the vacuum itself reports no count.
        List<Row> files =
            spark.sql("VACUUM " + target + " RETAIN " + hours + " HOURS DRY RUN").collectAsList();
        if (!dryRun) {
          DeltaTable.forPath(spark, w.path(table)).vacuum(hours);
        }
        out.printf(
            "  %s: %s %d file%s unused for more than %d days%n",
            table,
            dryRun ? "would delete" : "deleted",
            files.size(),
            files.size() == 1 ? "" : "s",
            keepDays);
      }
    } finally {
      spark.conf().set(RETENTION_CHECK, previous);
      spark.conf().set(LISTING_PARALLELISM, listing);
    }
  }
}

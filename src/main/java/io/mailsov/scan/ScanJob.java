package io.mailsov.scan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.mailsov.probe.QueryCounts;
import io.mailsov.store.Tables;
import io.mailsov.store.Warehouse;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scan on the driver: read and validate the list, probe every unique domain on the
 * executors, write the tables, prove that every input row is accounted for, then record the scan.
 *
 * <p>The {@code scans} row is written last and is what makes a scan visible: the views only read
 * results of scan ids present in {@code scans}, so a scan that dies half-way, or fails its
 * accounting, shows nothing.
 */
public final class ScanJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScanJob.class);

  /** Bumped when the table contents change meaning; recorded in {@code scans.version}. */
  public static final String VERSION = "mailsov-0.1";

  private final SparkSession spark;
  private final PrintStream out;

  public ScanJob(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
  }

  public ScanSummary run(ScanRequest request) {
    // The input is cached while it is split, deduplicated and probed. Its columns are mostly
    // distinct names and lines, which dictionary and run-length encoding hardly shrink, yet
    // choosing an encoding copied every string: JFR put that at about 8% of a 1,000,000-domain
    // MX scan's samples.
    return withConf("spark.sql.inMemoryColumnarStorage.compressed", "false", () -> scan(request));
  }

  private ScanSummary scan(ScanRequest request) {
    long t0 = System.nanoTime();
    Instant startedAt = Instant.now();
    String scanId = Warehouse.checkScanId(request.scanId());
    Warehouse warehouse = new Warehouse(spark, request.warehouse());

    InputStage.Split split =
        InputStage.read(
            spark,
            request.input(),
            request.probe().country(),
            rows -> partitionsFor(rows, request.domainsPerPartition()));
    // The domains are not cached themselves: they are a filter over the cached deduplicated rows,
    // which the resolution reads again at no more cost than a second cache would, without building
    // one (JFR showed the in-memory cache's compression as a few per cent of a scan's CPU).
    long domainCount = split.domains().count();
    double inputSeconds = secondsSince(t0);
    long rejectCount = split.inputRows() - domainCount;
    stage(
        1,
        "read %,d rows from %s: %,d domains to probe, %,d rejected (%.1f s)",
        split.inputRows(),
        request.input(),
        domainCount,
        rejectCount,
        secondsSince(t0));

    long t1 = System.nanoTime();
    ScanCounters counters = new ScanCounters(spark.sparkContext());
    // The rejects are written while the executors resolve: the write is small, but its commit and
    // manifest are seconds of mostly driver-side waiting that the resolution would otherwise wait
    // for. Both read the cached input, which is released once both are done.
    long stagedAt =
        beside(
            Tables.REJECTS,
            () ->
                warehouse.replaceScan(
                    Tables.REJECTS,
                    scanId,
                    split
                        .rejects()
                        .select(
                            lit(scanId).as("scan_id"),
                            col("line"),
                            col("raw"),
                            col("reject_reason").as("reason")),
                    request.format()),
            () -> resolve(warehouse, request, split, domainCount, counters, startedAt));
    split.deduplicated().unpersist();
    split.cached().unpersist();
    // Classifications made by reclassify belong to the scan's old answers; a rerun drops them.
    warehouse.deleteScan(Tables.RESULT_VERSIONS, scanId);
    warehouse.deleteScan(Tables.CLASSIFICATIONS, scanId);
    double resolveSeconds = secondsSince(t1);
    double resolutionSeconds = stagedAt < 0 ? Double.NaN : (stagedAt - t1) / 1e9;
    long t2 = System.nanoTime();
    for (String line : counters.executorLines()) {
      LOG.info("{}", line);
    }
    stage(
        3,
        "wrote %s, %s%s to %s (%.1f s)",
        Tables.DOMAIN_RESULTS,
        Tables.REJECTS,
        request.keepObservations() ? " and " + Tables.DNS_OBSERVATIONS : "",
        warehouse.root(),
        resolveSeconds);

    Map<String, Long> statuses = statusCounts(warehouse, scanId);
    long written = statuses.values().stream().mapToLong(Long::longValue).sum();
    long rejectsWritten =
        warehouse.read(Tables.REJECTS).where(col("scan_id").equalTo(scanId)).count();
    if (written + rejectsWritten != split.inputRows()) {
      throw new IllegalStateException(
          String.format(
              "Scan %s lost rows: %,d input rows but %,d results + %,d rejects were written;"
                  + " the scan is not recorded in %s, rerun it",
              scanId, split.inputRows(), written, rejectsWritten, Tables.SCANS));
    }

    recordScan(warehouse, request, startedAt, split.inputRows(), written, rejectsWritten, counters);
    ScanSummary summary =
        new ScanSummary(
            scanId,
            split.inputRows(),
            written,
            rejectsWritten,
            statuses,
            counters.queries.value(),
            inputSeconds,
            resolveSeconds,
            resolutionSeconds,
            secondsSince(t2),
            secondsSince(t0),
            peakHeap());
    stage(4, "recorded scan %s in %s (%.1f s in all)", scanId, Tables.SCANS, secondsSince(t0));
    LOG.info(
        "Scan {} done: {} results, {} rejects, {} queries, {} cache hits, {} retries,"
            + " {} timeouts",
        scanId,
        written,
        rejectsWritten,
        summary.queries().sent(),
        summary.queries().cacheHits(),
        summary.queries().retries(),
        summary.queries().timeouts());
    return summary;
  }

  /**
   * Resolves the domains of {@code split} and writes the result tables.
   *
   * @return what {@link #writeResults} returns
   */
  private long resolve(
      Warehouse warehouse,
      ScanRequest request,
      InputStage.Split split,
      long domainCount,
      ScanCounters counters,
      Instant startedAt) {
    // The input was partitioned for its row count; duplicates and rejects may leave far fewer
    // domains than that, and merging neighbouring partitions (no shuffle) keeps every task's
    // window of domains full.
    int partitions =
        Math.min(split.partitions(), partitionsFor(domainCount, request.domainsPerPartition()));
    Dataset<Row> domains = split.domains();
    Dataset<Row> scanned =
        probe(
            partitions < split.partitions() ? domains.coalesce(partitions) : domains,
            new ProbePartition(
                request.scanId(),
                startedAt,
                request.probe(),
                counters,
                request.keepObservations(),
                domains.schema()));
    stage(
        2,
        "resolving %,d domains in %d partitions through %s",
        domainCount,
        partitions,
        request.probe().resolver().servers());
    try (Progress progress = new Progress(domainCount, out, 2000)) {
      spark.sparkContext().addSparkListener(progress);
      try {
        return withoutPartitionSort(() -> writeResults(warehouse, request, scanned));
      } finally {
        spark.sparkContext().removeSparkListener(progress);
      }
    }
  }

  /**
   * Writes the probed rows. With observations kept, the executors' output goes once to a staging
   * Parquet folder, and both tables are written from it: DNS answers are not a deterministic
   * source, so probing twice (once per table) could make the tables disagree. The staging folder is
   * deleted afterwards; it is never visible as a table.
   *
   * @return {@link System#nanoTime()} when every domain had been resolved and staged, or -1 when
   *     the result table was written by the resolving tasks themselves (no staging)
   */
  private long writeResults(Warehouse warehouse, ScanRequest request, Dataset<Row> scanned) {
    String scanId = request.scanId();
    if (!request.keepObservations()) {
      warehouse.replaceScan(
          Tables.DOMAIN_RESULTS, scanId, scanned.drop("observations"), request.format());
      // A rerun without observations must not leave the previous run's answers behind.
      warehouse.deleteScan(Tables.DNS_OBSERVATIONS, scanId);
      return -1;
    }
    String staging = warehouse.stagingPath(scanId);
    scanned
        .write()
        .mode(org.apache.spark.sql.SaveMode.Overwrite)
        // Read once, whole, and deleted: dictionaries for the many distinct answer strings, and
        // the min/max statistics, size statistics and page checksums cost CPU in every task
        // (measured with JFR) and save nothing here; the tables themselves keep them.
        .option("parquet.enable.dictionary", "false")
        .option("parquet.column.statistics.enabled", "false")
        .option("parquet.size.statistics.enabled", "false")
        .option("parquet.page.write-checksum.enabled", "false")
        .parquet(staging);
    long stagedAt = System.nanoTime();
    try {
      Dataset<Row> staged = spark.read().schema(Tables.SCANNED).parquet(staging);
      // Side by side: each table's commit and manifest update is mostly driver-side waiting,
      // which the other table's write fills.
      beside(
          Tables.DOMAIN_RESULTS,
          () ->
              warehouse.replaceScan(
                  Tables.DOMAIN_RESULTS, scanId, staged.drop("observations"), request.format()),
          () -> {
            warehouse.replaceScan(
                Tables.DNS_OBSERVATIONS, scanId, observationsOf(staged, 1), request.format());
            return null;
          });
    } finally {
      warehouse.delete(staging);
    }
    return stagedAt;
  }

  /**
   * Runs {@code write} with concurrent output writers. Every row of a scan's write has the same
   * {@code scan_id}, the tables' only partition column, yet without them Spark sorts each task's
   * rows by it before writing: JFR showed that sort (of every exploded observation) as about a
   * fifth of an all-signals scan's task samples. With them, a task writes its one partition as the
   * rows come. Spark falls back to sorting once a task has as many open writers as allowed, so one
   * is not enough: with two, the sort would start only at a second partition, which a scan's write
   * never has.
   */
  private <T> T withoutPartitionSort(java.util.function.Supplier<T> write) {
    return withConf("spark.sql.maxConcurrentOutputFileWriters", "2", write);
  }

  /** Runs {@code body} with one session setting changed, and restores it afterwards. */
  private <T> T withConf(String key, String value, java.util.function.Supplier<T> body) {
    String previous = spark.conf().get(key, null);
    spark.conf().set(key, value);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        spark.conf().unset(key);
      } else {
        spark.conf().set(key, previous);
      }
    }
  }

  /** One {@code dns_observations} row per question of every domain of {@code scanned}. */
  static Dataset<Row> observationsOf(Dataset<Row> scanned, int attempt) {
    List<org.apache.spark.sql.Column> columns = new java.util.ArrayList<>();
    columns.add(col("scan_id"));
    columns.add(col("domain"));
    columns.add(lit(attempt).as("attempt"));
    for (var f : Tables.OBSERVATION.fields()) {
      columns.add(col("o." + f.name()).as(f.name()));
    }
    return scanned
        .select(
            col("scan_id"),
            col("domain"),
            org.apache.spark.sql.functions.explode(col("observations")).as("o"))
        .select(columns.toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * Runs {@code probe} over the domains as Spark's internal rows, giving {@link Tables#SCANNED}
   * rows. Internal rows in and out spare every domain a trip through Spark's encoder for external
   * rows, which for this nested schema ran interpreted (see {@link ProbePartition}).
   */
  private Dataset<Row> probe(Dataset<Row> domains, ProbePartition probe) {
    org.apache.spark.rdd.RDD<org.apache.spark.sql.catalyst.InternalRow> in =
        ((org.apache.spark.sql.classic.Dataset<Row>) domains).queryExecution().toRdd();
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(in.toJavaRDD().mapPartitions(probe).rdd(), Tables.SCANNED, false);
  }

  /** Statuses that another attempt may turn into an answer. */
  static final List<String> RETRYABLE = List.of("timeout", "servfail");

  /**
   * Resolves again only the domains of a recorded scan whose status was a failure another try may
   * mend ({@link #RETRYABLE}), merges the new rows into {@code domain_results} (Delta MERGE, one
   * commit) and records the attempt in {@code scans}. Other rows are left as they were; the row
   * count does not change, so the scan's accounting still holds.
   *
   * @return how many domains were retried, and with which statuses they ended
   */
  public Map<String, Long> retryFailed(String warehouseRoot, String scanId, ProbeSettings probe) {
    Warehouse.checkScanId(scanId);
    Warehouse warehouse = new Warehouse(spark, warehouseRoot);
    if (!warehouse.exists(Tables.SCANS)
        || warehouse.formatOf(Tables.DOMAIN_RESULTS) != io.mailsov.store.TableFormat.DELTA) {
      throw new IllegalArgumentException(
          "--retry-failed needs a Delta warehouse with recorded scans; "
              + warehouseRoot
              + " has none");
    }
    List<Row> scanRows =
        warehouse.read(Tables.SCANS).where(col("scan_id").equalTo(scanId)).collectAsList();
    if (scanRows.isEmpty()) {
      throw new IllegalArgumentException("No recorded scan with id '" + scanId + "'");
    }
    Dataset<Row> failed =
        warehouse
            .read(Tables.DOMAIN_RESULTS)
            .where(col("scan_id").equalTo(scanId).and(col("status").isin(RETRYABLE.toArray())))
            .select(
                "line", "input_domain", "domain", "input_note", "organization", "sector", "country")
            .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    long count = failed.count();
    stage(1, "scan %s has %,d domains with status %s", scanId, count, RETRYABLE);
    if (count == 0) {
      failed.unpersist();
      return Map.of();
    }

    Row scan = scanRows.get(0);
    int attempt = intOr(scan, "attempts", 1) + 1;
    boolean keep = booleanOr(scan, "observations_kept", false);
    ScanCounters counters = new ScanCounters(spark.sparkContext());
    // Materialised before the MERGE: DNS answers are not a deterministic source, and MERGE may
    // read its source more than once.
    Dataset<Row> retried =
        probe(
                failed.repartition(partitionsFor(count, 20_000)),
                new ProbePartition(scanId, Instant.now(), probe, counters, keep, failed.schema()))
            .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    retried.count();
    stage(2, "resolved %,d domains again", count);

    // Counted before the MERGE: Delta refreshes cached plans that read the table it changes,
    // and this one would then find no failed rows left to read.
    Map<String, Long> statuses = new LinkedHashMap<>();
    retried
        .groupBy("status")
        .count()
        .collectAsList()
        .forEach(r -> statuses.put(r.getString(0), r.getLong(1)));
    if (keep) {
      // Written first and numbered by attempt: until the scans row counts this attempt, a
      // reclassification reads the answers of the attempts before it.
      warehouse.replaceScanWhere(
          Tables.DNS_OBSERVATIONS, scanId, "attempt", attempt, observationsOf(retried, attempt));
    }
    // The retried rows keep the classification number of the rows they replace.
    Map<String, String> set = new LinkedHashMap<>();
    for (String column : Tables.DOMAIN_RESULT.fieldNames()) {
      set.put(column, column.equals("classification") ? "t." + column : "s." + column);
    }
    io.delta.tables.DeltaTable.forPath(spark, warehouse.path(Tables.DOMAIN_RESULTS))
        .as("t")
        .merge(
            retried.drop("observations").as("s"), "t.scan_id = s.scan_id AND t.domain = s.domain")
        .whenMatched()
        .updateExpr(set)
        .execute();
    stage(3, "merged into %s: %s", Tables.DOMAIN_RESULTS, statuses);

    recordAttempt(warehouse, scanRows.get(0), counters.queries.value());
    stage(4, "recorded the attempt in %s", Tables.SCANS);
    retried.unpersist();
    failed.unpersist();
    return statuses;
  }

  private static Map<String, Long> sumRcodes(Row previous, QueryCounts added) {
    Map<String, Long> sum = new LinkedHashMap<>(added.byRcode());
    int index = previous.fieldIndex("answers_by_rcode");
    if (!previous.isNullAt(index)) {
      previous.<String, Long>getJavaMap(index).forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    return sum;
  }

  private static int intOr(Row row, String field, int otherwise) {
    return row.schema().getFieldIndex(field).isDefined() && !row.isNullAt(row.fieldIndex(field))
        ? row.getInt(row.fieldIndex(field))
        : otherwise;
  }

  private static boolean booleanOr(Row row, String field, boolean otherwise) {
    return row.schema().getFieldIndex(field).isDefined() && !row.isNullAt(row.fieldIndex(field))
        ? row.getBoolean(row.fieldIndex(field))
        : otherwise;
  }

  private static String stringOr(Row row, String field, String otherwise) {
    return row.schema().getFieldIndex(field).isDefined() && !row.isNullAt(row.fieldIndex(field))
        ? row.getString(row.fieldIndex(field))
        : otherwise;
  }

  private void recordAttempt(Warehouse warehouse, Row scan, QueryCounts added) {
    Row previous = scan;
    int attempts = intOr(previous, "attempts", 1);
    Row row =
        RowFactory.create(
            previous.getString(previous.fieldIndex("scan_id")),
            previous.getTimestamp(previous.fieldIndex("started_at")),
            Timestamp.from(Instant.now()),
            previous.getString(previous.fieldIndex("input")),
            previous.getLong(previous.fieldIndex("input_rows")),
            previous.getLong(previous.fieldIndex("results")),
            previous.getLong(previous.fieldIndex("rejects")),
            previous.getLong(previous.fieldIndex("queries")) + added.sent(),
            previous.getLong(previous.fieldIndex("cache_hits")) + added.cacheHits(),
            previous.getLong(previous.fieldIndex("retries")) + added.retries(),
            // The questions that stayed unanswered in the latest attempt.
            added.timeouts(),
            previous.getString(previous.fieldIndex("settings")),
            VERSION,
            previous.getLong(previous.fieldIndex("tcp_fallbacks")) + added.tcpFallbacks(),
            scala.jdk.javaapi.CollectionConverters.asScala(sumRcodes(previous, added)),
            attempts + 1,
            stringOr(previous, "catalogue_version", ""),
            stringOr(previous, "catalogue_hash", ""),
            booleanOr(previous, "observations_kept", false));
    warehouse.replaceScan(
        Tables.SCANS,
        row.getString(0),
        spark.createDataFrame(List.of(row), Tables.SCAN),
        io.mailsov.store.TableFormat.DELTA);
  }

  /**
   * Runs {@code write} on a thread of its own while this thread runs {@code work}, and returns
   * {@code work}'s result once both are done. Spark takes jobs from several threads; their tasks
   * queue for the same executor slots. A failure of either fails the call; when {@code work} fails,
   * it waits for {@code write} first, so that no write is left running behind a failed scan, and
   * attaches the write's own failure to it.
   *
   * @param table the table {@code write} writes, named in its failure
   */
  private static <T> T beside(String table, Runnable write, java.util.function.Supplier<T> work) {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mailsov-" + table + "-writer");
              t.setDaemon(true);
              return t;
            });
    Future<?> written;
    try {
      written = thread.submit(write);
    } finally {
      thread.shutdown();
    }
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      awaitQuietly(written, e);
      throw e;
    }
    await(written, table);
    return result;
  }

  /** Waits for a background write; its failure fails the scan. */
  private static void await(Future<?> write, String table) {
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing " + table, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("Writing " + table + " failed: " + cause, cause);
    }
  }

  private static void awaitQuietly(Future<?> write, Throwable primary) {
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      primary.addSuppressed(e);
    } catch (ExecutionException e) {
      primary.addSuppressed(e.getCause());
    }
  }

  /**
   * Enough partitions to keep every core's resolver window busy, sized by domain count rather than
   * by how the input file happened to be split.
   */
  int partitionsFor(long domains, int perPartition) {
    int cores = Math.max(1, spark.sparkContext().defaultParallelism());
    long bySize = (domains + perPartition - 1) / perPartition;
    return (int) Math.max(1, Math.min(100_000, Math.max(bySize, Math.min(domains, 2L * cores))));
  }

  private static Map<String, Long> statusCounts(Warehouse warehouse, String scanId) {
    List<Row> rows =
        warehouse
            .read(Tables.DOMAIN_RESULTS)
            .where(col("scan_id").equalTo(scanId))
            .groupBy("status")
            .count()
            .orderBy(col("count").desc(), col("status"))
            .collectAsList();
    Map<String, Long> counts = new LinkedHashMap<>();
    rows.forEach(r -> counts.put(r.getString(0), r.getLong(1)));
    return counts;
  }

  private void recordScan(
      Warehouse warehouse,
      ScanRequest request,
      Instant startedAt,
      long inputRows,
      long results,
      long rejects,
      ScanCounters counters) {
    io.mailsov.classify.Catalogue catalogue =
        io.mailsov.classify.Catalogue.fromYaml(
            request.probe().catalogueYaml(), request.probe().catalogueSource());
    Row row =
        RowFactory.create(
            request.scanId(),
            Timestamp.from(startedAt),
            Timestamp.from(Instant.now()),
            request.input(),
            inputRows,
            results,
            rejects,
            counters.queries.value().sent(),
            counters.queries.value().cacheHits(),
            counters.queries.value().retries(),
            counters.queries.value().timeouts(),
            request.settingsJson(),
            VERSION,
            counters.queries.value().tcpFallbacks(),
            scala.jdk.javaapi.CollectionConverters.asScala(counters.queries.value().byRcode()),
            1,
            catalogue.version(),
            catalogue.contentHash(),
            request.keepObservations());
    Dataset<Row> scan = spark.createDataFrame(List.of(row), Tables.SCAN);
    warehouse.replaceScan(Tables.SCANS, request.scanId(), scan, request.format());
  }

  private void stage(int n, String format, Object... args) {
    String line = String.format("[%d/4] " + format, prepend(n, args));
    out.println(line);
    out.flush();
    LOG.debug(line);
  }

  private static Object[] prepend(int n, Object[] args) {
    Object[] all = new Object[args.length + 1];
    all[0] = n;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  /** Sum of the heap pools' peaks: an upper bound of the peak heap in use. */
  private static long peakHeap() {
    long peak = 0;
    for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}

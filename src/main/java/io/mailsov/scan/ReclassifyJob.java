package io.mailsov.scan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsov.classify.Catalogue;
import io.mailsov.probe.ProbePlan;
import io.mailsov.store.TableFormat;
import io.mailsov.store.Tables;
import io.mailsov.store.Warehouse;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies a recorded scan again from its {@code dns_observations}, without a DNS question: the
 * way to apply an improved catalogue (or ASN table) to history, so that a trend shows migrations
 * and not rule changes.
 *
 * <p>The new classification gets the next number. It and the one it replaces are kept in {@code
 * result_versions}, and {@code classifications} describes each; {@code domain_results} then holds
 * the new one. The writes are ordered so that a run that dies half-way can simply be run again:
 * versions and the description are replaced by number, and {@code domain_results} changes last.
 */
public final class ReclassifyJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReclassifyJob.class);

  private final SparkSession spark;
  private final PrintStream out;

  public ReclassifyJob(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
  }

  /**
   * What to classify with.
   *
   * @param catalogueYaml the catalogue's text
   * @param catalogueSource where it came from, recorded in {@code classifications}
   * @param asnDatabase an ip2asn file, or {@code null} for the one the scan recorded (if still
   *     readable)
   * @param noAsnDatabase classify without AS data even if the scan had some
   */
  public record Request(
      String catalogueYaml, String catalogueSource, String asnDatabase, boolean noAsnDatabase) {}

  /**
   * What a reclassification did.
   *
   * @param classification the new classification's number
   * @param results rows classified
   * @param changed rows whose provider or category differs from the replaced classification
   */
  public record Outcome(int classification, long results, long changed) {}

  public Outcome run(String warehouseRoot, String scanId, Request request) {
    Warehouse.checkScanId(scanId);
    Warehouse warehouse = new Warehouse(spark, warehouseRoot);
    Row scan = recordedScan(warehouse, scanId);
    int attempts = scan.getInt(scan.fieldIndex("attempts"));
    JsonNode settings = settings(scan);

    Catalogue catalogue = Catalogue.fromYaml(request.catalogueYaml(), request.catalogueSource());
    String asn = asnDatabase(request, settings);
    ProbePlan plan = recordedPlan(settings, catalogue);
    Dataset<Row> current =
        warehouse.read(Tables.DOMAIN_RESULTS).where(col("scan_id").equalTo(scanId));
    Row top = current.agg(max(col("classification"))).first();
    int replaced = top.isNullAt(0) ? 0 : top.getInt(0);
    int number = Math.max(replaced, lastNumber(warehouse, scanId)) + 1;
    stage(
        1,
        "scan %s: classification %d with catalogue %s (%s), ASN data %s, signals %s",
        scanId,
        number,
        catalogue.version(),
        shortHash(catalogue.contentHash()),
        asn == null ? "none" : asn,
        plan.allSignals() ? "all" : "mx");

    ResultRows stamp = new ResultRows(scanId, number, catalogue.version(), catalogue.contentHash());
    ReplayPartition.Settings replay =
        new ReplayPartition.Settings(
            settings.path("country").asText("NL"),
            request.catalogueYaml(),
            request.catalogueSource(),
            asn,
            plan);
    Dataset<Row> input =
        current
            .select(
                "line", "input_domain", "domain", "input_note", "organization", "sector", "country")
            .join(observations(warehouse, scanId, attempts), "domain", "left");
    Instant startedAt = scan.getTimestamp(scan.fieldIndex("started_at")).toInstant();
    Dataset<Row> classified =
        input.mapPartitions(
            new ReplayPartition(replay, stamp, startedAt), Encoders.row(Tables.DOMAIN_RESULT));

    // Computed once into a staging folder: every table below is written from the same rows.
    String staging = warehouse.stagingPath(scanId) + "-reclassify";
    classified.write().mode(org.apache.spark.sql.SaveMode.Overwrite).parquet(staging);
    try {
      Dataset<Row> fresh = spark.read().schema(Tables.DOMAIN_RESULT).parquet(staging);
      long results = fresh.count();
      long changed = changed(current, fresh);
      stage(2, "classified %,d domains from their recorded answers: %,d changed", results, changed);

      if (!hasVersion(warehouse, scanId, replaced)) {
        // The replaced classification is kept first, so nothing is lost if this run dies.
        warehouse.replaceScanWhere(
            Tables.RESULT_VERSIONS,
            scanId,
            "classification",
            replaced,
            current.withColumn("classification", org.apache.spark.sql.functions.lit(replaced)));
        if (replaced == 0) {
          describe(
              warehouse,
              scanId,
              0,
              stringOr(scan, "catalogue_version"),
              stringOr(scan, "catalogue_hash"),
              "scan",
              settings.path("asn_db").isTextual() ? settings.path("asn_db").asText() : null,
              scan.getTimestamp(scan.fieldIndex("finished_at")),
              results,
              0);
        }
      }
      warehouse.replaceScanWhere(Tables.RESULT_VERSIONS, scanId, "classification", number, fresh);
      describe(
          warehouse,
          scanId,
          number,
          catalogue.version(),
          catalogue.contentHash(),
          request.catalogueSource(),
          asn,
          Timestamp.from(Instant.now()),
          results,
          changed);
      warehouse.replaceScan(Tables.DOMAIN_RESULTS, scanId, fresh, TableFormat.DELTA);
      stage(
          3,
          "%s of scan %s is now classification %d; classification %d is kept in %s",
          Tables.DOMAIN_RESULTS,
          scanId,
          number,
          replaced,
          Tables.RESULT_VERSIONS);
      LOG.info(
          "Reclassified scan {} as classification {}: {} results, {} changed",
          scanId,
          number,
          results,
          changed);
      return new Outcome(number, results, changed);
    } finally {
      warehouse.delete(staging);
    }
  }

  private Row recordedScan(Warehouse warehouse, String scanId) {
    if (!warehouse.exists(Tables.SCANS)
        || warehouse.formatOf(Tables.DOMAIN_RESULTS) != TableFormat.DELTA) {
      throw new IllegalArgumentException(
          "reclassify needs a Delta warehouse with recorded scans; "
              + warehouse.root()
              + " has none");
    }
    List<Row> rows =
        warehouse.read(Tables.SCANS).where(col("scan_id").equalTo(scanId)).collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("No recorded scan with id '" + scanId + "'");
    }
    Row scan = rows.get(0);
    int kept = scan.fieldIndex("observations_kept");
    if (scan.isNullAt(kept)
        || !scan.getBoolean(kept)
        || !warehouse.exists(Tables.DNS_OBSERVATIONS)) {
      throw new IllegalArgumentException(
          "Scan "
              + scanId
              + " kept no DNS observations (it ran with --no-keep-observations, or before they"
              + " were kept), so it cannot be classified again without scanning; rescan it");
    }
    return scan;
  }

  private static JsonNode settings(Row scan) {
    try {
      return new ObjectMapper().readTree(scan.getString(scan.fieldIndex("settings")));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Unreadable scans.settings: " + e.getMessage(), e);
    }
  }

  /**
   * The questions the scan asked: its signals mode and DKIM selectors. A newer catalogue's extra
   * selectors were never asked, so they cannot count for an old scan.
   */
  public static ProbePlan recordedPlan(JsonNode settings, Catalogue catalogue) {
    if (!"all".equals(settings.path("signals").asText("all"))) {
      return ProbePlan.MX_ONLY;
    }
    JsonNode recorded = settings.path("dkim_selectors");
    if (!recorded.isArray()) {
      return ProbePlan.all(catalogue.dkimSelectors());
    }
    List<String> selectors = new ArrayList<>();
    recorded.forEach(n -> selectors.add(n.asText()));
    return ProbePlan.all(selectors);
  }

  private static String asnDatabase(Request request, JsonNode settings) {
    if (request.noAsnDatabase()) {
      return null;
    }
    if (request.asnDatabase() != null) {
      return request.asnDatabase();
    }
    JsonNode recorded = settings.path("asn_db");
    if (!recorded.isTextual()) {
      return null;
    }
    String path = recorded.asText();
    if (!path.contains("://") && !java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
      throw new IllegalArgumentException(
          "The scan was classified with the ASN table "
              + path
              + ", which cannot be read now; give --asn-db FILE (or --asn-db none)");
    }
    return path;
  }

  /** The answers of each domain's latest recorded attempt, as one array per domain. */
  private Dataset<Row> observations(Warehouse warehouse, String scanId, int attempts) {
    List<Column> fields = new ArrayList<>();
    for (var f : Tables.OBSERVATION.fields()) {
      fields.add(col(f.name()));
    }
    Dataset<Row> rows =
        warehouse
            .read(Tables.DNS_OBSERVATIONS)
            .where(col("scan_id").equalTo(scanId).and(col("attempt").leq(attempts)));
    return rows.withColumn("latest", max(col("attempt")).over(Window.partitionBy(col("domain"))))
        .where(col("attempt").equalTo(col("latest")))
        .groupBy(col("domain"))
        .agg(collect_list(struct(fields.toArray(Column[]::new))).as("observations"));
  }

  /** Rows whose provider or category differ between two classifications of one scan. */
  private static long changed(Dataset<Row> before, Dataset<Row> after) {
    return before
        .select(col("domain"), col("provider").as("p0"), col("category").as("c0"))
        .join(after.select(col("domain"), col("provider"), col("category")), "domain")
        .where(
            org.apache
                .spark
                .sql
                .functions
                .not(col("p0").eqNullSafe(col("provider")))
                .or(org.apache.spark.sql.functions.not(col("c0").eqNullSafe(col("category")))))
        .count();
  }

  private static int lastNumber(Warehouse warehouse, String scanId) {
    if (!warehouse.exists(Tables.CLASSIFICATIONS)) {
      return 0;
    }
    Row r =
        warehouse
            .read(Tables.CLASSIFICATIONS)
            .where(col("scan_id").equalTo(scanId))
            .agg(max(col("classification")))
            .first();
    return r.isNullAt(0) ? 0 : r.getInt(0);
  }

  private static boolean hasVersion(Warehouse warehouse, String scanId, int number) {
    return warehouse.exists(Tables.RESULT_VERSIONS)
        && !warehouse
            .read(Tables.RESULT_VERSIONS)
            .where(col("scan_id").equalTo(scanId).and(col("classification").equalTo(number)))
            .isEmpty();
  }

  private void describe(
      Warehouse warehouse,
      String scanId,
      int number,
      String version,
      String hash,
      String source,
      String asn,
      Timestamp at,
      long results,
      long changed) {
    Row row = RowFactory.create(scanId, number, version, hash, source, asn, at, results, changed);
    warehouse.replaceScanWhere(
        Tables.CLASSIFICATIONS,
        scanId,
        "classification",
        number,
        spark.createDataFrame(List.of(row), Tables.CLASSIFICATION));
  }

  private static String stringOr(Row row, String field) {
    int i = row.fieldIndex(field);
    return row.isNullAt(i) ? "" : row.getString(i);
  }

  static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }

  private void stage(int n, String format, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = n;
    System.arraycopy(args, 0, all, 1, args.length);
    out.println(String.format("[%d/3] " + format, all));
    out.flush();
  }
}

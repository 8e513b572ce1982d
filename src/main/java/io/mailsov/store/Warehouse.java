package io.mailsov.store;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse directory: one folder per table, on any Hadoop file system. Every table is keyed by
 * {@code scan_id}; writing a scan replaces that scan's rows and nothing else.
 */
public final class Warehouse {
  /** Scan ids go into folder names and Delta predicates, so they are kept to a safe alphabet. */
  private static final Pattern SCAN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  /** The table property that keeps a Delta table's symlink manifest current on every commit. */
  public static final String MANIFEST_PROPERTY =
      "delta.compatibility.symlinkFormatManifest.enabled";

  private final SparkSession spark;
  private final String root;

  public Warehouse(SparkSession spark, String root) {
    this.spark = Objects.requireNonNull(spark, "spark is null");
    this.root = stripSlash(Objects.requireNonNull(root, "root is null"));
  }

  public String root() {
    return root;
  }

  public String path(String table) {
    return root + "/" + table;
  }

  public static String checkScanId(String scanId) {
    if (scanId == null || !SCAN_ID.matcher(scanId).matches()) {
      throw new IllegalArgumentException(
          "Invalid scan id '"
              + scanId
              + "': use 1-128 characters from letters, digits and . _ : - (starting with a letter"
              + " or digit)");
    }
    return scanId;
  }

  /**
   * Replaces the rows of {@code scanId} in {@code table} with {@code rows} in one commit (Delta) or
   * one folder swap per partition (Parquet, dynamic partition overwrite).
   */
  public void replaceScan(String table, String scanId, Dataset<Row> rows, TableFormat format) {
    replace(table, scanId, null, rows, format);
  }

  /**
   * Replaces the rows of {@code scanId} that have {@code column = value} (an integer column such as
   * an attempt or classification number) in one Delta commit.
   */
  public void replaceScanWhere(
      String table, String scanId, String column, int value, Dataset<Row> rows) {
    if (!column.matches("[a-z_]+")) {
      throw new IllegalArgumentException("Not a column name: " + column);
    }
    replace(table, scanId, column + " = " + value, rows, TableFormat.DELTA);
  }

  private void replace(
      String table, String scanId, String andWhere, Dataset<Row> rows, TableFormat format) {
    checkScanId(scanId);
    var writer = rows.write().format(format.sparkName()).mode(SaveMode.Overwrite);
    if (format == TableFormat.DELTA) {
      String where = "scan_id = '" + scanId + "'" + (andWhere == null ? "" : " AND " + andWhere);
      writer =
          writer
              .option("replaceWhere", where)
              .option("mergeSchema", "true")
              // Engines without a Delta reader (Trino, Athena, DuckDB) read the files of the
              // current snapshot from _symlink_format_manifest; Delta rewrites it every commit.
              .option(MANIFEST_PROPERTY, "true");
      String stats = Tables.statsColumns(table);
      if (stats != null) {
        // Delta records it as a table property from the write that creates the table.
        writer = writer.option(Tables.STATS_COLUMNS_PROPERTY, stats);
      }
    } else {
      writer = writer.option("partitionOverwriteMode", "dynamic");
    }
    writer.partitionBy("scan_id").save(path(table));
  }

  /**
   * Removes every row of {@code scanId} from {@code table}, if the table exists: one Delta commit,
   * or the scan's partition folder of a Parquet table.
   */
  public void deleteScan(String table, String scanId) {
    checkScanId(scanId);
    if (!exists(table)) {
      return;
    }
    if (formatOf(table) == TableFormat.DELTA) {
      io.delta.tables.DeltaTable.forPath(spark, path(table)).delete("scan_id = '" + scanId + "'");
      return;
    }
    delete(path(table) + "/scan_id=" + scanId);
  }

  /**
   * A private folder for a scan's intermediate files, under the warehouse so that executors on a
   * cluster can reach it; no table reads it.
   */
  public String stagingPath(String scanId) {
    return root + "/_staging/" + checkScanId(scanId);
  }

  /** Deletes a folder and everything in it; a missing folder is fine. */
  public void delete(String location) {
    try {
      Path p = new Path(location);
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot delete " + location + ": " + e.getMessage(), e);
    }
  }

  /** Whether the table exists, in either format. */
  public boolean exists(String table) {
    try {
      Path p = new Path(path(table));
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot check " + path(table) + ": " + e.getMessage(), e);
    }
  }

  /** The format a table was written in: Delta when it has a transaction log. */
  public TableFormat formatOf(String table) {
    try {
      Path log = new Path(path(table), "_delta_log");
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(log) ? TableFormat.DELTA : TableFormat.PARQUET;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path(table) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a Delta table as it was at {@code timestamp} (Delta time travel); the timestamp is
   * anything Spark casts to a timestamp, such as {@code 2026-12-03 17:30:00}.
   */
  public Dataset<Row> readAsOfTimestamp(String table, String timestamp) {
    requireDelta(table);
    return spark.read().format("delta").option("timestampAsOf", timestamp).load(path(table));
  }

  /** Reads a Delta table at one of its versions (see {@code DESCRIBE HISTORY}). */
  public Dataset<Row> readAsOfVersion(String table, long version) {
    requireDelta(table);
    return spark.read().format("delta").option("versionAsOf", version).load(path(table));
  }

  /** When a version of a Delta table was committed, as Spark SQL timestamp text. */
  public String commitTimestamp(String table, long version) {
    requireDelta(table);
    List<Row> rows =
        io.delta.tables.DeltaTable.forPath(spark, path(table))
            .history()
            .where("version = " + version)
            .select("timestamp")
            .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          "Table " + table + " has no version " + version + "; see DESCRIBE HISTORY");
    }
    return rows.get(0).getTimestamp(0).toString();
  }

  private void requireDelta(String table) {
    if (formatOf(table) != TableFormat.DELTA) {
      throw new IllegalArgumentException(
          "Cannot read " + path(table) + " as of an earlier time: it is Parquet, not Delta");
    }
  }

  public Dataset<Row> read(String table) {
    TableFormat format = formatOf(table);
    var reader = spark.read().format(format.sparkName());
    if (format == TableFormat.PARQUET) {
      // A scan with no rejects writes no Parquet file; the schema cannot be inferred from none.
      reader = reader.schema(Tables.schema(table));
    }
    return reader.load(path(table));
  }

  private static String stripSlash(String s) {
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}

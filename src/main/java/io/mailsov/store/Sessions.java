package io.mailsov.store;

import org.apache.spark.sql.SparkSession;

/** Builds the Spark session every command uses: Delta enabled, quiet unless asked. */
public final class Sessions {
  private Sessions() {}

  /**
   * @param master the master URL, or {@code null}: then whatever {@code spark-submit} set, or an
   *     embedded {@code local[*]}
   */
  public static SparkSession create(String appName, String master, boolean verbose) {
    SparkSession.Builder b =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            // Running tasks report progress with heartbeats; 10 s (the default) is too coarse.
            .config("spark.executor.heartbeatInterval", "2s")
            .config("spark.sql.sources.partitionOverwriteMode", "dynamic");
    boolean submitted = System.getProperty("spark.master") != null;
    String effective = master != null ? master : submitted ? null : "local[*]";
    if (effective != null) {
      b.master(effective);
    }
    if (effective != null && effective.startsWith("local")) {
      // One machine: the cluster defaults (200 shuffle partitions, 50 for Delta's log state)
      // turn every small step into hundreds of tasks.
      b.config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "8")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel(verbose ? "INFO" : "WARN");
    return spark;
  }
}

package io.mailsov.metrics;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlySqlTest {
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT category, count(*) FROM latest_results GROUP BY category",
        "WITH x AS (SELECT 1 AS a) SELECT * FROM x",
        "select * from scans where scan_id = 'x''; DROP TABLE scans; --'",
        "SHOW TABLES",
        "DESCRIBE domain_results",
        "EXPLAIN SELECT 1",
        "VALUES (1, 2)",
        "SELECT * FROM scans LIMIT 10 OFFSET 5",
        "SELECT * FROM scans OFFSET 5",
        "SELECT 1 UNION SELECT 2",
        "SELECT 1 AS reset_count, 2 AS updated, 3 AS inserted"
      })
  void queriesAreAllowed(String sql) {
    assertThatCode(() -> ReadOnlySql.check(spark, sql)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DELETE FROM delta.`/tmp/w/domain_results` WHERE true",
        "UPDATE delta.`/tmp/w/domain_results` SET category = 'x'",
        "INSERT INTO delta.`/tmp/w/scans` SELECT * FROM scans",
        "DROP TABLE scans",
        "CREATE TABLE t USING delta AS SELECT 1",
        "CREATE OR REPLACE TEMP VIEW latest_results AS SELECT 1",
        "MERGE INTO delta.`/tmp/w/a` t USING delta.`/tmp/w/b` s ON t.x = s.x"
            + " WHEN MATCHED THEN DELETE",
        "TRUNCATE TABLE scans",
        "ALTER TABLE scans ADD COLUMNS (x INT)",
        "SET spark.sql.shuffle.partitions = 1",
        "CACHE TABLE scans",
        "VACUUM delta.`/tmp/w/scans`",
        "INSERT OVERWRITE DIRECTORY '/tmp/x' SELECT 1",
        "RESTORE TABLE delta.`/tmp/w/a` TO VERSION AS OF 0",
        "OPTIMIZE delta.`/tmp/w/a`",
        "CONVERT TO DELTA parquet.`/tmp/x`",
        "ADD JAR /tmp/x.jar"
      })
  void writesAreRefused(String sql) {
    assertThatThrownBy(() -> ReadOnlySql.check(spark, sql))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read-only");
  }
}

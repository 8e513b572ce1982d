package io.mailsov.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL with named parameters ({@code :name}), so that values such as a scan id or a sector
 * name never have to be quoted into the query text.
 *
 * <p>Since Spark 4.1 the parser substitutes parameters, and a session extension that wraps the
 * parser must hand them on; Delta 4.4's extension does not, so every parameter stays unbound
 * ({@code UNBOUND_SQL_PARAMETER}), the same failure as apache/spark#55392 and apache/iceberg#16625.
 * The legacy mode, which binds parameters after parsing, works with it; it accepts parameters in
 * the places of constants only, which is all these queries use.
 */
final class ParameterizedSql {
  static final String CONSTANTS_ONLY = "spark.sql.legacy.parameterSubstitution.constantsOnly";

  private ParameterizedSql() {}

  static Dataset<Row> sql(SparkSession spark, String query, Map<String, ?> args) {
    if (!"true".equals(spark.conf().get(CONSTANTS_ONLY, "false"))) {
      spark.conf().set(CONSTANTS_ONLY, "true");
    }
    return spark.sql(query, new HashMap<String, Object>(args));
  }
}

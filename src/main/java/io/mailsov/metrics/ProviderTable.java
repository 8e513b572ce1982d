package io.mailsov.metrics;

import io.mailsov.classify.Catalogue;
import io.mailsov.classify.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The provider catalogue as a small table, registered beside the views as {@code providers}, so
 * that SQL can look up who a DNS, web or gateway provider id in {@code domain_results} is and which
 * jurisdiction it falls under.
 */
final class ProviderTable {
  static final String VIEW = "providers";

  static final StructType SCHEMA =
      new StructType()
          .add("provider", DataTypes.StringType, false)
          .add("provider_name", DataTypes.StringType, false)
          .add("company", DataTypes.StringType, false)
          .add("country", DataTypes.StringType, false)
          .add("us_jurisdiction", DataTypes.BooleanType, false)
          .add("kind", DataTypes.StringType, false);

  private ProviderTable() {}

  /** One row per catalogue provider, in file order; {@code kind} in lower case. */
  static Dataset<Row> of(SparkSession spark, Catalogue catalogue) {
    List<Row> rows = new ArrayList<>();
    for (Provider p : catalogue.providers()) {
      rows.add(
          RowFactory.create(
              p.id(),
              p.name(),
              p.company(),
              p.country(),
              p.usJurisdiction(),
              p.kind().name().toLowerCase(Locale.ROOT)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  static void register(SparkSession spark, Catalogue catalogue) {
    of(spark, catalogue).createOrReplaceTempView(VIEW);
  }
}

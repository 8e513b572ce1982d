package io.mailsov.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas of the warehouse tables: the contract in {@code design.md}, in one place. Columns may
 * be added at the end; none is renamed or removed.
 */
public final class Tables {
  public static final String SCANS = "scans";
  public static final String DOMAIN_RESULTS = "domain_results";
  public static final String REJECTS = "rejects";

  public static final StructType ADDRESS =
      struct(
          field("ip", StringType, false),
          field("asn", LongType, true),
          field("as_name", StringType, true),
          field("country", StringType, true));

  public static final StructType MX =
      struct(
          field("preference", IntegerType, false),
          field("host", StringType, false),
          field("cname_chain", createArrayType(StringType, false), false),
          field("addresses", createArrayType(ADDRESS, false), false));

  public static final StructType EVIDENCE =
      struct(
          field("signal", StringType, false),
          field("provider", StringType, true),
          field("weight", IntegerType, false),
          field("detail", StringType, false));

  public static final StructType DOMAIN_RESULT =
      struct(
          field("scan_id", StringType, false),
          field("domain", StringType, false),
          field("input_domain", StringType, true),
          field("organization", StringType, true),
          field("sector", StringType, true),
          field("country", StringType, true),
          field("status", StringType, false),
          field("mx", createArrayType(MX, false), false),
          field("provider", StringType, true),
          field("provider_name", StringType, true),
          field("company", StringType, true),
          field("jurisdiction", StringType, true),
          field("us_jurisdiction", BooleanType, false),
          field("category", StringType, false),
          field("gateway", StringType, true),
          field("confidence", IntegerType, false),
          field("evidence", createArrayType(EVIDENCE, false), false),
          field("dns_provider", StringType, true),
          field("web_provider", StringType, true),
          field("resolved_at", TimestampType, false),
          field("queries", IntegerType, false),
          // Beyond the contract: where the row came from and what normalisation changed.
          field("line", LongType, false),
          field("input_note", StringType, true),
          field("status_detail", StringType, false));

  public static final StructType REJECT =
      struct(
          field("scan_id", StringType, false),
          field("line", LongType, false),
          field("raw", StringType, true),
          field("reason", StringType, false));

  public static final StructType SCAN =
      struct(
          field("scan_id", StringType, false),
          field("started_at", TimestampType, false),
          field("finished_at", TimestampType, false),
          field("input", StringType, false),
          field("input_rows", LongType, false),
          field("results", LongType, false),
          field("rejects", LongType, false),
          field("queries", LongType, false),
          field("cache_hits", LongType, false),
          field("retries", LongType, false),
          field("timeouts", LongType, false),
          field("settings", StringType, false),
          field("version", StringType, false),
          // Beyond the contract: more of the resolver's work.
          field("tcp_fallbacks", LongType, false),
          field(
              "answers_by_rcode",
              org.apache.spark.sql.types.DataTypes.createMapType(StringType, LongType, false),
              false),
          // How many times the scan ran: 1, plus one per scan --retry-failed.
          field("attempts", IntegerType, false));

  private Tables() {}

  /** The schema of a table by name. */
  public static StructType schema(String table) {
    return switch (table) {
      case SCANS -> SCAN;
      case DOMAIN_RESULTS -> DOMAIN_RESULT;
      case REJECTS -> REJECT;
      default -> throw new IllegalArgumentException("Unknown table '" + table + "'");
    };
  }

  private static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, org.apache.spark.sql.types.Metadata.empty());
  }
}

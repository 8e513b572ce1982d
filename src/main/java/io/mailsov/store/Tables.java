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
  public static final String DNS_OBSERVATIONS = "dns_observations";
  public static final String CLASSIFICATIONS = "classifications";
  public static final String RESULT_VERSIONS = "result_versions";

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
          field("status_detail", StringType, false),
          // Which classification of the scan this is (0: the scan's own, then one per
          // reclassify) and the catalogue that made it.
          field("classification", IntegerType, false),
          field("catalogue_version", StringType, false),
          field("catalogue_hash", StringType, false));

  /** One resource record of an answer section, in RFC 1035 section 5.1 presentation format. */
  public static final StructType ANSWER_RECORD =
      struct(
          field("name", StringType, false),
          field("type", StringType, false),
          field("ttl", LongType, false),
          field("data", StringType, false));

  /** One question a domain's probe asked and what came back, as the scan keeps it. */
  public static final StructType OBSERVATION =
      struct(
          field("seq", IntegerType, false),
          field("name", StringType, false),
          field("type", StringType, false),
          field("server", StringType, false),
          // reply, timeout or invalid; rcode only for a reply (RFC 1035 / RFC 6895 mnemonic).
          field("outcome", StringType, false),
          field("rcode", StringType, true),
          field("answers", createArrayType(ANSWER_RECORD, false), false),
          field("detail", StringType, false),
          field("from_cache", BooleanType, false),
          field("attempts", IntegerType, false),
          field("tcp", BooleanType, false),
          field("answered_at", TimestampType, false));

  /** {@link #DOMAIN_RESULT} with the domain's observations, as the executors return it. */
  public static final StructType SCANNED =
      DOMAIN_RESULT.add(field("observations", createArrayType(OBSERVATION, false), false));

  /** The rows of {@code dns_observations}: one per question, partitioned by scan. */
  public static final StructType DNS_OBSERVATION = dnsObservation();

  /** Every classification of a scan made after its own, and the one it replaced. */
  public static final StructType RESULT_VERSION = DOMAIN_RESULT;

  public static final StructType CLASSIFICATION =
      struct(
          field("scan_id", StringType, false),
          field("classification", IntegerType, false),
          field("catalogue_version", StringType, false),
          field("catalogue_hash", StringType, false),
          field("catalogue_source", StringType, false),
          field("asn_db", StringType, true),
          field("classified_at", TimestampType, false),
          field("results", LongType, false),
          // Domains whose provider or category differ from the classification this replaced.
          field("changed", LongType, false));

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
          field("attempts", IntegerType, false),
          // The catalogue of the scan's own classification, and whether its answers were kept.
          field("catalogue_version", StringType, false),
          field("catalogue_hash", StringType, false),
          field("observations_kept", BooleanType, false));

  /** The table property that names the columns Delta keeps min/max statistics for. */
  public static final String STATS_COLUMNS_PROPERTY = "delta.dataSkippingStatsColumns";

  private Tables() {}

  /**
   * The columns a table keeps Delta's per-file min/max statistics for, or {@code null} for Delta's
   * default (the first 32 columns).
   *
   * <p>The wide tables list only the columns a reader filters on: their rows are not sorted, so
   * statistics on anything else would hardly ever skip a file, while gathering them (copying every
   * string of every row for min/max) took about a third of a scan's write time in a profile of an
   * all-signals scan.
   */
  public static String statsColumns(String table) {
    return switch (table) {
      case DOMAIN_RESULTS, RESULT_VERSIONS -> "domain,status,category,provider";
      case DNS_OBSERVATIONS -> "domain,name,type";
      default -> null;
    };
  }

  /** The schema of a table by name. */
  public static StructType schema(String table) {
    return switch (table) {
      case SCANS -> SCAN;
      case DOMAIN_RESULTS -> DOMAIN_RESULT;
      case REJECTS -> REJECT;
      case DNS_OBSERVATIONS -> DNS_OBSERVATION;
      case CLASSIFICATIONS -> CLASSIFICATION;
      case RESULT_VERSIONS -> RESULT_VERSION;
      default -> throw new IllegalArgumentException("Unknown table '" + table + "'");
    };
  }

  private static StructType dnsObservation() {
    StructType t =
        struct(
            field("scan_id", StringType, false),
            field("domain", StringType, false),
            // 1 for the scan, then one more per scan --retry-failed.
            field("attempt", IntegerType, false));
    for (StructField f : OBSERVATION.fields()) {
      t = t.add(f);
    }
    return t;
  }

  private static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, org.apache.spark.sql.types.Metadata.empty());
  }
}

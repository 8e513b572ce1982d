package io.mailsov.scan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.mailsov.input.CsvLine;
import io.mailsov.input.DomainNormalizer;
import io.mailsov.input.InputColumns;
import io.mailsov.input.InputException;
import io.mailsov.input.Normalized;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Reads a domain list and splits it into domains to probe and rejects, keeping every row's line
 * number. Runs distributed: the driver reads only the header.
 *
 * <p>Text inputs (CSV, TSV, txt) are numbered by physical line (the header is line 1); Parquet rows
 * by position. A CSV field that spans lines is not supported: each line is one row, and a broken
 * quote shows up as a reject of that line.
 */
final class InputStage {
  static final StructType NORMALIZED =
      new StructType()
          .add("line", LongType, false)
          .add("raw", StringType, true)
          .add("input_domain", StringType, true)
          .add("domain", StringType, true)
          .add("input_note", StringType, true)
          .add("reject_reason", StringType, true)
          .add("organization", StringType, true)
          .add("sector", StringType, true)
          .add("country", StringType, true);

  /**
   * The two outputs, both with a {@code line} column; {@code domains} has unique domains. {@code
   * cached} is the normalised input kept in memory while both are used; unpersist it when the scan
   * is done. {@code deduplicated} is the valid rows with their domain's first line, kept so that
   * {@code domains} and the duplicates among {@code rejects} come from one window sort; {@code
   * domains} is a filter over it, so unpersist it only once the domains have been probed and the
   * rejects written. {@code domains} comes in {@code partitions} partitions, hashed by domain.
   */
  record Split(
      Dataset<Row> domains,
      Dataset<Row> rejects,
      long inputRows,
      int partitions,
      Dataset<Row> cached,
      Dataset<Row> deduplicated) {}

  private InputStage() {}

  /**
   * @param partitionsFor how many partitions the domains should come in, given the number of input
   *     rows (an upper bound of the number of domains)
   */
  static Split read(
      SparkSession spark,
      String input,
      String defaultCountry,
      java.util.function.LongToIntFunction partitionsFor) {
    // Straight to Spark's internal rows: going through external rows cost two conversions per
    // row (into a raw-row schema, then out of it and back for the normalised one), which JFR put
    // at about 3% of a 1,000,000-domain MX scan.
    JavaRDD<org.apache.spark.sql.catalyst.InternalRow> rows =
        readRaw(spark, input).map(new NormalizeRow(defaultCountry));
    Dataset<Row> normalized =
        ((org.apache.spark.sql.classic.SparkSession) spark)
            .internalCreateDataFrame(rows.rdd(), NORMALIZED, false);
    normalized = normalized.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    long inputRows = normalized.count();
    int partitions = partitionsFor.applyAsInt(inputRows);

    // Hashed by domain straight into the partitions the domains will be resolved in: the window
    // below needs each domain's rows together anyway, and the resolution then reads the cached
    // partitions as they are instead of shuffling every domain a second time.
    Dataset<Row> valid =
        normalized.where(col("reject_reason").isNull()).repartition(partitions, col("domain"));
    // Kept: without it, writing the rejects sorted every valid row by domain a second time (JFR).
    Dataset<Row> withFirst =
        valid
            .withColumn("first_line", min(col("line")).over(Window.partitionBy("domain")))
            .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> unique = withFirst.where(col("line").equalTo(col("first_line")));
    Dataset<Row> duplicates =
        withFirst
            .where(col("line").notEqual(col("first_line")))
            .withColumn(
                "reject_reason",
                concat(
                    lit("duplicate of line "),
                    col("first_line").cast("string"),
                    lit(" ("),
                    col("domain"),
                    lit(")")));
    Dataset<Row> rejects =
        normalized
            .where(col("reject_reason").isNotNull())
            .select("line", "raw", "reject_reason")
            .unionByName(duplicates.select("line", "raw", "reject_reason"));
    return new Split(
        unique.drop("first_line", "reject_reason"),
        rejects,
        inputRows,
        partitions,
        normalized,
        withFirst);
  }

  /**
   * The input's rows, before normalisation, as plain rows of {@code line} (long), {@code raw} (the
   * whole line), {@code cell} (the domain field), {@code organization}, {@code sector}, {@code
   * country} and {@code parse_error} (why the line could not be split, or null): the layout every
   * reader below builds and {@link NormalizeRow} reads by position. They never become a Dataset.
   */
  private static JavaRDD<Row> readRaw(SparkSession spark, String input) {
    String lower = input.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".parquet") || lower.endsWith(".parq")) {
      return readParquet(spark, input);
    }
    Dataset<String> lines;
    try {
      lines = spark.read().textFile(input);
    } catch (RuntimeException e) {
      throw new InputException("Cannot read " + input + ": " + rootMessage(e), e);
    }
    boolean plainList = lower.endsWith(".txt") || lower.endsWith(".txt.gz");
    JavaPairRDD<String, Long> numbered = lines.javaRDD().zipWithIndex();
    if (plainList) {
      return numbered.map(new ParsePlainLine());
    }
    List<String> head = lines.takeAsList(1);
    if (head.isEmpty()) {
      throw new InputException("Cannot read " + input + ": the file is empty (no header line)");
    }
    String header = head.get(0);
    char delimiter =
        lower.endsWith(".tsv") || lower.endsWith(".tsv.gz")
            ? '\t'
            : CsvLine.detectDelimiter(header);
    InputColumns columns = InputColumns.fromHeader(CsvLine.split(header, delimiter), input);
    return numbered.filter(t -> t._2() > 0).map(new ParseCsvLine(delimiter, columns));
  }

  private static JavaRDD<Row> readParquet(SparkSession spark, String input) {
    Dataset<Row> table;
    try {
      table = spark.read().parquet(input);
    } catch (RuntimeException e) {
      throw new InputException("Cannot read " + input + ": " + rootMessage(e), e);
    }
    InputColumns columns = InputColumns.fromHeader(List.of(table.columns()), input);
    String[] names = table.columns();
    Dataset<Row> picked =
        table.select(
            pick(names, columns.domain()),
            pick(names, columns.organization()),
            pick(names, columns.sector()),
            pick(names, columns.country()));
    return picked
        .javaRDD()
        .zipWithIndex()
        .map(
            t ->
                RowFactory.create(
                    t._2() + 1,
                    t._1().get(0) == null ? null : t._1().get(0).toString(),
                    t._1().get(0) == null ? null : t._1().get(0).toString(),
                    t._1().getString(1),
                    t._1().getString(2),
                    t._1().getString(3),
                    null));
  }

  private static org.apache.spark.sql.Column pick(String[] names, int index) {
    return index < 0 ? lit(null).cast("string") : col("`" + names[index] + "`").cast("string");
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** One line of a plain list: the whole line is the domain cell. */
  static final class ParsePlainLine implements Function<Tuple2<String, Long>, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(Tuple2<String, Long> t) {
      return RowFactory.create(t._2() + 1, t._1(), t._1(), null, null, null, null);
    }
  }

  /** One data line of a CSV or TSV file, split and picked by the header's columns. */
  static final class ParseCsvLine implements Function<Tuple2<String, Long>, Row> {
    private static final long serialVersionUID = 1L;
    private final char delimiter;
    private final InputColumns columns;

    ParseCsvLine(char delimiter, InputColumns columns) {
      this.delimiter = delimiter;
      this.columns = columns;
    }

    @Override
    public Row call(Tuple2<String, Long> t) {
      List<String> fields = CsvLine.split(t._1(), delimiter);
      long line = t._2() + 1;
      if (fields.size() <= columns.domain()) {
        boolean blank = t._1().isBlank();
        return RowFactory.create(
            line,
            t._1(),
            blank ? "" : null,
            null,
            null,
            null,
            blank ? null : "missing domain field (" + fields.size() + " fields on the line)");
      }
      return RowFactory.create(
          line,
          t._1(),
          fields.get(columns.domain()),
          field(fields, columns.organization()),
          field(fields, columns.sector()),
          field(fields, columns.country()),
          null);
    }

    private static String field(List<String> fields, int index) {
      if (index < 0 || index >= fields.size()) {
        return null;
      }
      String v = fields.get(index).strip();
      return v.isEmpty() ? null : v;
    }
  }

  /**
   * Normalises the domain cell of a raw row (see {@code readRaw}) into a {@link #NORMALIZED}
   * internal row; a row that cannot become a domain keeps its reason.
   */
  static final class NormalizeRow
      implements Function<Row, org.apache.spark.sql.catalyst.InternalRow> {
    private static final long serialVersionUID = 1L;
    private final String defaultCountry;

    NormalizeRow(String defaultCountry) {
      this.defaultCountry = defaultCountry;
    }

    @Override
    public org.apache.spark.sql.catalyst.InternalRow call(Row r) {
      String cell = r.getString(2);
      String parseError = r.getString(6);
      String country =
          r.getString(5) == null ? defaultCountry : r.getString(5).toUpperCase(Locale.ROOT);
      if (parseError != null) {
        return normalized(
            r.getLong(0),
            r.getString(1),
            cell,
            null,
            null,
            parseError,
            r.getString(3),
            r.getString(4),
            country);
      }
      Normalized n = DomainNormalizer.normalize(cell);
      return normalized(
          r.getLong(0),
          r.getString(1),
          cell == null ? null : cell.strip(),
          n.domain(),
          n.note(),
          n.accepted() ? null : n.rejectReason(),
          r.getString(3),
          r.getString(4),
          country);
    }

    /** A row in {@link #NORMALIZED}'s column order. */
    private static org.apache.spark.sql.catalyst.InternalRow normalized(
        long line, String... strings) {
      Object[] values = new Object[1 + strings.length];
      values[0] = line;
      for (int i = 0; i < strings.length; i++) {
        values[i + 1] =
            strings[i] == null
                ? null
                : org.apache.spark.unsafe.types.UTF8String.fromString(strings[i]);
      }
      return new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(values);
    }
  }
}

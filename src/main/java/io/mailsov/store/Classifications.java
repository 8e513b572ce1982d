package io.mailsov.store;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The classifications of a scan: its own (number 0) and one per {@code reclassify}. {@code
 * domain_results} holds the latest; {@code result_versions} keeps every one a reclassification made
 * or replaced.
 */
public final class Classifications {
  private Classifications() {}

  /**
   * A scan and optionally one of its classifications, as written on the command line: {@code ID} or
   * {@code ID@N}.
   *
   * @param classification the number, or {@code null} for the scan's current classification
   */
  public record Ref(String scanId, Integer classification) {
    public static Ref parse(String text) {
      int at = text.lastIndexOf('@');
      if (at < 0) {
        return new Ref(Warehouse.checkScanId(text), null);
      }
      String number = text.substring(at + 1);
      if (!number.matches("[0-9]{1,6}")) {
        throw new IllegalArgumentException(
            "Invalid classification in '" + text + "': write SCAN_ID@N with N a number, e.g. x@1");
      }
      return new Ref(Warehouse.checkScanId(text.substring(0, at)), Integer.parseInt(number));
    }

    @Override
    public String toString() {
      return classification == null ? scanId : scanId + "@" + classification;
    }
  }

  /**
   * The result rows of one classification of a scan.
   *
   * @throws IllegalArgumentException if the scan has no such classification
   */
  public static Dataset<Row> results(Warehouse warehouse, Ref ref) {
    Dataset<Row> current =
        warehouse.read(Tables.DOMAIN_RESULTS).where(col("scan_id").equalTo(ref.scanId()));
    if (ref.classification() == null) {
      return current;
    }
    int n = ref.classification();
    if (warehouse.exists(Tables.RESULT_VERSIONS)) {
      Dataset<Row> kept =
          warehouse
              .read(Tables.RESULT_VERSIONS)
              .where(col("scan_id").equalTo(ref.scanId()).and(col("classification").equalTo(n)));
      if (!kept.isEmpty()) {
        return kept;
      }
    }
    // Never reclassified: the current rows are classification 0 (or carry no number, if written
    // before classifications were numbered).
    Dataset<Row> same =
        current.where(
            current.schema().getFieldIndex("classification").isDefined()
                ? col("classification")
                    .equalTo(n)
                    .or(
                        col("classification")
                            .isNull()
                            .and(org.apache.spark.sql.functions.lit(n == 0)))
                : org.apache.spark.sql.functions.lit(n == 0));
    if (same.isEmpty()) {
      throw new IllegalArgumentException(
          "Scan "
              + ref.scanId()
              + " has no classification "
              + n
              + "; see the classifications table");
    }
    return same;
  }
}

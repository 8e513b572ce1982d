package io.mailsov.scan;

import io.mailsov.classify.Evidence;
import io.mailsov.classify.Verdict;
import io.mailsov.observe.ObservationRows;
import io.mailsov.probe.DnsObservation;
import io.mailsov.probe.HostAddress;
import io.mailsov.probe.MailObservation;
import io.mailsov.probe.MxHost;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Builds {@link io.mailsov.store.Tables#DOMAIN_RESULT} rows, in one place for the scan and for
 * {@code reclassify}, so that both write the same row from the same observation.
 *
 * @param scanId the scan the rows belong to
 * @param classification 0 for the scan's own classification, then one more per reclassify
 * @param catalogueVersion the catalogue's own version string
 * @param catalogueHash the catalogue's content hash
 */
record ResultRows(String scanId, int classification, String catalogueVersion, String catalogueHash)
    implements java.io.Serializable {

  /** The columns of a domain's input row that its result repeats. */
  record Input(
      long line,
      String inputDomain,
      String domain,
      String inputNote,
      String organization,
      String sector,
      String country)
      implements java.io.Serializable {

    /** Names of the input columns, in the order of this record's components. */
    static final List<String> COLUMNS =
        List.of(
            "line", "input_domain", "domain", "input_note", "organization", "sector", "country");

    /** Reads a row that has the {@link #COLUMNS}, by name. */
    static Input of(Row in) {
      return new Input(
          in.getLong(in.fieldIndex("line")),
          in.getString(in.fieldIndex("input_domain")),
          in.getString(in.fieldIndex("domain")),
          in.getString(in.fieldIndex("input_note")),
          in.getString(in.fieldIndex("organization")),
          in.getString(in.fieldIndex("sector")),
          in.getString(in.fieldIndex("country")));
    }

    /**
     * Reads an internal (Catalyst) row whose {@link #COLUMNS} sit at {@code ordinals}. Copies every
     * value: Spark reuses such a row for the next record.
     */
    static Input of(org.apache.spark.sql.catalyst.InternalRow in, int[] ordinals) {
      return new Input(
          in.getLong(ordinals[0]),
          string(in, ordinals[1]),
          string(in, ordinals[2]),
          string(in, ordinals[3]),
          string(in, ordinals[4]),
          string(in, ordinals[5]),
          string(in, ordinals[6]));
    }

    private static String string(org.apache.spark.sql.catalyst.InternalRow in, int ordinal) {
      return in.isNullAt(ordinal) ? null : in.getUTF8String(ordinal).toString();
    }
  }

  /**
   * The result of one domain.
   *
   * @param in the domain's input columns
   * @param resolvedAt when its last answer arrived: taken from the observations, so that a
   *     classification made later from them gives the same row
   */
  Object[] values(Input in, MailObservation obs, Verdict v, Instant resolvedAt) {
    return new Object[] {
      scanId,
      obs.domain(),
      in.inputDomain(),
      in.organization(),
      in.sector(),
      in.country(),
      obs.status().label(),
      seq(obs.mx().stream().map(ResultRows::mxRow).toList()),
      v.provider(),
      v.providerName(),
      v.company(),
      v.jurisdiction(),
      v.usJurisdiction(),
      v.category().label(),
      v.gateway(),
      v.confidence(),
      seq(v.evidence().stream().map(ResultRows::evidenceRow).toList()),
      v.dnsProvider(),
      v.webProvider(),
      Timestamp.from(resolvedAt),
      obs.queries(),
      in.line(),
      in.inputNote(),
      obs.detail(),
      classification,
      catalogueVersion,
      catalogueHash
    };
  }

  /**
   * @param in the domain's input row ({@code line, input_domain, domain, input_note, organization,
   *     sector, country}, by name)
   */
  Row result(Row in, MailObservation obs, Verdict v, Instant resolvedAt) {
    return RowFactory.create(values(Input.of(in), obs, v, resolvedAt));
  }

  /**
   * A result with its observations ({@link io.mailsov.store.Tables#SCANNED}), as Spark's internal
   * row. The result's columns go through {@code toCatalyst} (Spark's converter for {@link
   * io.mailsov.store.Tables#DOMAIN_RESULT}); the observations, the bulk of the row, are built as
   * internal rows directly.
   */
  org.apache.spark.sql.catalyst.InternalRow scannedInternal(
      Input in,
      MailObservation obs,
      Verdict v,
      Instant resolvedAt,
      List<DnsObservation> questions,
      scala.Function1<Object, Object> toCatalyst) {
    Object[] result =
        ((org.apache.spark.sql.catalyst.expressions.GenericInternalRow)
                toCatalyst.apply(RowFactory.create(values(in, obs, v, resolvedAt))))
            .values();
    Object[] observations = new Object[questions.size()];
    for (int i = 0; i < observations.length; i++) {
      observations[i] = ObservationRows.toInternalRow(questions.get(i));
    }
    Object[] all = java.util.Arrays.copyOf(result, result.length + 1);
    all[result.length] = new org.apache.spark.sql.catalyst.util.GenericArrayData(observations);
    return new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(all);
  }

  private static Row mxRow(MxHost mx) {
    return RowFactory.create(
        mx.preference(),
        mx.host(),
        seq(mx.cnameChain()),
        seq(mx.addresses().stream().map(ResultRows::addressRow).toList()));
  }

  /** Spark's row encoder takes arrays as Scala sequences. */
  private static <T> scala.collection.Seq<T> seq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list);
  }

  private static Row addressRow(HostAddress a) {
    return RowFactory.create(a.ip(), a.asn(), a.asName(), a.country());
  }

  private static Row evidenceRow(Evidence e) {
    return RowFactory.create(e.signal(), e.provider(), e.weight(), e.detail());
  }
}

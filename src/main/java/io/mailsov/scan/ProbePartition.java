package io.mailsov.scan;

import io.mailsov.classify.Evidence;
import io.mailsov.classify.Verdict;
import io.mailsov.probe.HostAddress;
import io.mailsov.probe.MailObservation;
import io.mailsov.probe.MxHost;
import io.mailsov.probe.Probed;
import io.mailsov.probe.Status;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The executor side of a scan: probes and classifies the domains of one partition through the
 * executor's shared runtime, with a bounded window of domains in flight.
 *
 * <p>Input rows carry {@code line, input_domain, domain, input_note, organization, sector,
 * country}; output rows follow {@link io.mailsov.store.Tables#DOMAIN_RESULT}.
 */
final class ProbePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String scanId;
  private final ProbeSettings settings;
  private final ScanCounters counters;

  ProbePartition(String scanId, ProbeSettings settings, ScanCounters counters) {
    this.scanId = scanId;
    this.settings = settings;
    this.counters = counters;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    ExecutorRuntime runtime = ExecutorRuntime.get(settings);
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    if (task != null) {
      String executor = org.apache.spark.SparkEnv.get().executorId();
      task.addTaskCompletionListener(
          (org.apache.spark.util.TaskCompletionListener)
              t ->
                  counters.executors.add(
                      new ExecutorTotals(
                          executor, ExecutorRuntime.built(), runtime.resolver.stats().snapshot())));
    }
    return new WindowedIterator<Row, Row>(
        input,
        settings.domainWindow(),
        row ->
            runtime
                .probe
                .probe(row.getString(row.fieldIndex("domain")))
                .thenApply(p -> toResult(row, p, runtime)),
        (row, error) -> toResult(row, crashed(row, error), runtime));
  }

  private static Probed crashed(Row row, Throwable error) {
    String domain = row.getString(row.fieldIndex("domain"));
    return new Probed(
        new MailObservation(domain, Status.INVALID_RESPONSE, List.of(), "probe error: " + error, 0),
        io.mailsov.probe.QueryCounts.ZERO);
  }

  private Row toResult(Row in, Probed probed, ExecutorRuntime runtime) {
    counters.domains.add(1);
    counters.queries.add(probed.counts());

    MailObservation obs = probed.observation();
    Verdict v = runtime.classifier.classify(obs);
    return RowFactory.create(
        scanId,
        obs.domain(),
        in.getString(in.fieldIndex("input_domain")),
        in.getString(in.fieldIndex("organization")),
        in.getString(in.fieldIndex("sector")),
        in.getString(in.fieldIndex("country")),
        obs.status().label(),
        seq(obs.mx().stream().map(ProbePartition::mxRow).toList()),
        v.provider(),
        v.providerName(),
        v.company(),
        v.jurisdiction(),
        v.usJurisdiction(),
        v.category().label(),
        v.gateway(),
        v.confidence(),
        seq(v.evidence().stream().map(ProbePartition::evidenceRow).toList()),
        v.dnsProvider(),
        v.webProvider(),
        Timestamp.from(Instant.now()),
        obs.queries(),
        in.getLong(in.fieldIndex("line")),
        in.getString(in.fieldIndex("input_note")),
        obs.detail());
  }

  private static Row mxRow(MxHost mx) {
    return RowFactory.create(
        mx.preference(),
        mx.host(),
        seq(mx.cnameChain()),
        seq(mx.addresses().stream().map(ProbePartition::addressRow).toList()));
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

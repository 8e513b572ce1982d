package io.mailsov.scan;

import io.mailsov.classify.Verdict;
import io.mailsov.probe.MailObservation;
import io.mailsov.probe.Probed;
import io.mailsov.probe.Status;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The executor side of a scan: probes and classifies the domains of one partition through the
 * executor's shared runtime, with a bounded window of domains in flight.
 *
 * <p>Input rows carry {@code line, input_domain, domain, input_note, organization, sector,
 * country}; output rows follow {@link io.mailsov.store.Tables#SCANNED}: the result and, when the
 * scan keeps them, the answers it was made from.
 */
final class ProbePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String scanId;
  private final Instant startedAt;
  private final ProbeSettings settings;
  private final ScanCounters counters;
  private final boolean keepObservations;

  /**
   * @param startedAt when the scan (or this attempt) started: the {@code resolved_at} of a domain
   *     for which no question could be asked
   * @param keepObservations whether rows carry their observations (otherwise an empty list)
   */
  ProbePartition(
      String scanId,
      Instant startedAt,
      ProbeSettings settings,
      ScanCounters counters,
      boolean keepObservations) {
    this.scanId = scanId;
    this.startedAt = startedAt;
    this.settings = settings;
    this.counters = counters;
    this.keepObservations = keepObservations;
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
    ResultRows rows =
        new ResultRows(scanId, 0, runtime.catalogue.version(), runtime.catalogue.contentHash());
    return new WindowedIterator<Row, Row>(
        input,
        settings.domainWindow(),
        row ->
            runtime
                .probe
                .probe(row.getString(row.fieldIndex("domain")))
                .thenApply(p -> toResult(row, p, runtime, rows)),
        (row, error) -> toResult(row, crashed(row, error), runtime, rows));
  }

  private static Probed crashed(Row row, Throwable error) {
    String domain = row.getString(row.fieldIndex("domain"));
    return new Probed(
        new MailObservation(domain, Status.INVALID_RESPONSE, List.of(), "probe error: " + error, 0),
        io.mailsov.probe.QueryCounts.ZERO);
  }

  private Row toResult(Row in, Probed probed, ExecutorRuntime runtime, ResultRows rows) {
    counters.domains.add(1);
    counters.queries.add(probed.counts());
    Verdict v = runtime.classifier.classify(probed.observation());
    return rows.scanned(
        in,
        probed.observation(),
        v,
        probed.lastAnswerAt(startedAt),
        keepObservations ? probed.questions() : List.of());
  }
}

package io.mailsov.scan;

import io.mailsov.classify.Verdict;
import io.mailsov.probe.MailObservation;
import io.mailsov.probe.Probed;
import io.mailsov.probe.Status;
import io.mailsov.store.Tables;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The executor side of a scan: probes and classifies the domains of one partition through the
 * executor's shared runtime, with a bounded window of domains in flight.
 *
 * <p>Input rows carry {@link ResultRows.Input#COLUMNS} (at the ordinals given); output rows follow
 * {@link Tables#SCANNED}: the result and, when the scan keeps them, the answers it was made from.
 *
 * <p>Both sides are Spark's internal rows. Spark's encoder for external rows of this nested schema
 * generates a method too large for the JIT to compile, and it ran interpreted: JFR put 13% of a
 * scan's CPU samples in it. {@link CatalystTypeConverters} does the same conversion in compiled
 * code.
 */
final class ProbePartition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;

  private final String scanId;
  private final Instant startedAt;
  private final ProbeSettings settings;
  private final ScanCounters counters;
  private final boolean keepObservations;
  private final int[] inputOrdinals;

  /**
   * @param startedAt when the scan (or this attempt) started: the {@code resolved_at} of a domain
   *     for which no question could be asked
   * @param keepObservations whether rows carry their observations (otherwise an empty list)
   * @param inputSchema the schema of the input rows, which must have {@link
   *     ResultRows.Input#COLUMNS}
   */
  ProbePartition(
      String scanId,
      Instant startedAt,
      ProbeSettings settings,
      ScanCounters counters,
      boolean keepObservations,
      org.apache.spark.sql.types.StructType inputSchema) {
    this.scanId = scanId;
    this.startedAt = startedAt;
    this.settings = settings;
    this.counters = counters;
    this.keepObservations = keepObservations;
    this.inputOrdinals =
        ResultRows.Input.COLUMNS.stream().mapToInt(inputSchema::fieldIndex).toArray();
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
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
    ResultRows stamp =
        new ResultRows(scanId, 0, runtime.catalogue.version(), runtime.catalogue.contentHash());
    scala.Function1<Object, Object> toCatalyst =
        CatalystTypeConverters.createToCatalystConverter(Tables.DOMAIN_RESULT);
    // Read at once: Spark reuses an internal row for the next record.
    Iterator<ResultRows.Input> input =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return rows.hasNext();
          }

          @Override
          public ResultRows.Input next() {
            return ResultRows.Input.of(rows.next(), inputOrdinals);
          }
        };
    return new WindowedIterator<ResultRows.Input, InternalRow>(
        input,
        settings.domainWindow(),
        in ->
            runtime
                .probe
                .probe(in.domain())
                .thenApply(p -> toResult(in, p, runtime, stamp, toCatalyst)),
        (in, error) -> toResult(in, crashed(in.domain(), error), runtime, stamp, toCatalyst));
  }

  private static Probed crashed(String domain, Throwable error) {
    return new Probed(
        new MailObservation(domain, Status.INVALID_RESPONSE, List.of(), "probe error: " + error, 0),
        io.mailsov.probe.QueryCounts.ZERO);
  }

  private InternalRow toResult(
      ResultRows.Input in,
      Probed probed,
      ExecutorRuntime runtime,
      ResultRows stamp,
      scala.Function1<Object, Object> toCatalyst) {
    counters.domains.add(1);
    counters.queries.add(probed.counts());
    Verdict v = runtime.classifier.classify(probed.observation());
    return stamp.scannedInternal(
        in,
        probed.observation(),
        v,
        probed.lastAnswerAt(startedAt),
        keepObservations ? probed.questions() : List.of(),
        toCatalyst);
  }
}

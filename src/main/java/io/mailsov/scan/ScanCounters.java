package io.mailsov.scan;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The scan-wide DNS counters, as Spark accumulators: tasks add per-domain figures, the driver reads
 * totals (and, through executor heartbeats, progress while tasks run).
 *
 * <p>Spark may run a task twice (a retry after an executor loss, or speculation); accumulators
 * updated inside a transformation then count both runs. The result rows are exact either way; these
 * figures describe the work done, retries included.
 */
final class ScanCounters implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String DOMAINS = "mailsov.domains";

  final LongAccumulator domains;
  final QueryCountsAccumulator queries;
  final CollectionAccumulator<ExecutorTotals> executors;

  ScanCounters(SparkContext sc) {
    this.domains = sc.longAccumulator(DOMAINS);
    this.queries = new QueryCountsAccumulator();
    sc.register(queries, "mailsov.queries");
    this.executors = sc.collectionAccumulator("mailsov.executors");
  }

  /** The latest totals of each executor, one line each, by executor id. */
  java.util.List<String> executorLines() {
    java.util.Map<String, ExecutorTotals> latest = new java.util.TreeMap<>();
    for (ExecutorTotals t : executors.value()) {
      latest.merge(t.executorId(), t, (a, b) -> a.stats().sent() >= b.stats().sent() ? a : b);
    }
    return latest.values().stream().map(ExecutorTotals::render).toList();
  }
}

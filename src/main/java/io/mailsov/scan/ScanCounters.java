package io.mailsov.scan;

import java.io.Serializable;
import org.apache.spark.SparkContext;
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
  final LongAccumulator sent;
  final LongAccumulator cacheHits;
  final LongAccumulator retries;
  final LongAccumulator timeouts;

  ScanCounters(SparkContext sc) {
    this.domains = sc.longAccumulator(DOMAINS);
    this.sent = sc.longAccumulator("mailsov.queries");
    this.cacheHits = sc.longAccumulator("mailsov.cache_hits");
    this.retries = sc.longAccumulator("mailsov.retries");
    this.timeouts = sc.longAccumulator("mailsov.timeouts");
  }
}

package io.mailsov.scan;

import io.mailsov.dns.ResolverStats;
import java.io.Serializable;

/**
 * An executor JVM's resolver totals since it was built, reported by each task that finishes there,
 * so the driver can print one line per executor at the end of a scan.
 *
 * @param executorId Spark's executor id ("driver" in local mode)
 * @param runtimesBuilt resolvers this JVM has built (one per distinct scan configuration)
 * @param stats the resolver's counters
 */
record ExecutorTotals(String executorId, int runtimesBuilt, ResolverStats.Snapshot stats)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  String render() {
    return String.format(
        "executor %s: %d resolver%s built in this JVM; %,d queries sent, %,d cache hits"
            + " (%.0f%%), %,d retries, %,d timeouts, %,d TCP fallbacks, %,d stray packets",
        executorId,
        runtimesBuilt,
        runtimesBuilt == 1 ? "" : "s",
        stats.sent(),
        stats.cacheHits(),
        100 * stats.hitRate(),
        stats.retries(),
        stats.timeouts(),
        stats.tcpFallbacks(),
        stats.strayPackets());
  }
}

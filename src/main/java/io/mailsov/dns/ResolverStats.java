package io.mailsov.dns;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one executor's resolver, shared by every task that uses it. Cheap to update from the
 * I/O thread; read with {@link #snapshot()}.
 */
public final class ResolverStats {
  final LongAdder sent = new LongAdder();
  final LongAdder answered = new LongAdder();
  final LongAdder cacheHits = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder invalid = new LongAdder();
  final LongAdder tcpFallbacks = new LongAdder();
  final LongAdder stray = new LongAdder();

  /** Immutable totals at one moment. */
  public record Snapshot(
      long sent,
      long answered,
      long cacheHits,
      long retries,
      long timeouts,
      long invalid,
      long tcpFallbacks,
      long strayPackets)
      implements java.io.Serializable {

    public double hitRate() {
      long asked = sent + cacheHits;
      return asked == 0 ? 0 : (double) cacheHits / asked;
    }
  }

  public Snapshot snapshot() {
    return new Snapshot(
        sent.sum(),
        answered.sum(),
        cacheHits.sum(),
        retries.sum(),
        timeouts.sum(),
        invalid.sum(),
        tcpFallbacks.sum(),
        stray.sum());
  }
}

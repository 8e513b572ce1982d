package io.mailsov.dns;

/**
 * A per-server limit of queries per second, so a scan through shared or public resolvers stays
 * polite. Each query reserves the next free slot; callers wait (without blocking a thread) until it
 * comes. Zero means unlimited.
 */
final class RateLimit {
  private final long intervalNanos;
  private long nextSlot;

  RateLimit(int queriesPerSecond) {
    if (queriesPerSecond < 0) {
      throw new IllegalArgumentException("rate limit must be >= 0, was " + queriesPerSecond);
    }
    this.intervalNanos = queriesPerSecond == 0 ? 0 : 1_000_000_000L / queriesPerSecond;
  }

  /** Reserves a slot and returns how long to wait for it, in nanoseconds (0: send now). */
  long reserveNanos() {
    if (intervalNanos == 0) {
      return 0;
    }
    long now = System.nanoTime();
    synchronized (this) {
      long slot = Math.max(nextSlot, now);
      nextSlot = slot + intervalNanos;
      return slot - now;
    }
  }
}

package io.mailsov.dns;

/**
 * A server's retransmission timeout, adapted to its measured round-trip times the way RFC 6298 does
 * it for TCP: a smoothed RTT plus four times its variation, kept between a floor and the configured
 * timeout. A resolver next door then gets retried after milliseconds rather than seconds, while a
 * slow recursive resolver keeps the full timeout.
 *
 * <p>Only replies to first attempts are measured (Karn's algorithm): a reply to a retried question
 * cannot tell which attempt it answers.
 */
final class RttEstimator {
  private final long minNanos;
  private final long maxNanos;
  private long srtt = -1;
  private long rttvar;

  RttEstimator(long minNanos, long maxNanos) {
    if (minNanos <= 0 || maxNanos < minNanos) {
      throw new IllegalArgumentException(
          "need 0 < min <= max timeout, got " + minNanos + " and " + maxNanos + " ns");
    }
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
  }

  /** The timeout for the next question: the configured one until a first sample arrives. */
  synchronized long timeoutNanos() {
    if (srtt < 0) {
      return maxNanos;
    }
    return Math.max(minNanos, Math.min(maxNanos, srtt + 4 * rttvar));
  }

  /** RFC 6298 section 2: alpha = 1/8, beta = 1/4. */
  synchronized void sample(long rttNanos) {
    if (srtt < 0) {
      srtt = rttNanos;
      rttvar = rttNanos / 2;
      return;
    }
    rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
    srtt = (7 * srtt + rttNanos) / 8;
  }
}

package io.mailsov.dns;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place that decides whether a DNS question is asked again, and after how long.
 *
 * <p>Retryable: no reply within the timeout, an unreadable or mismatched reply, and SERVFAIL or
 * REFUSED from one server when another is configured (RFC 1035 section 7.2 expects a resolver to
 * try the other servers). NXDOMAIN and NOERROR are answers and are never retried.
 *
 * <p>Both the wait before a retry and the retry's own timeout double with each attempt (RFC 6298
 * section 5.5 backs off the timer the same way), so a few retries span a resolver outage of several
 * seconds instead of being spent within the first second of it.
 *
 * @param retries attempts after the first
 * @param baseBackoff delay before the first retry; doubled each time, with jitter, up to {@link
 *     #MAX_BACKOFF_MILLIS}
 */
record RetryPolicy(int retries, Duration baseBackoff) {
  static final long MAX_BACKOFF_MILLIS = 2_000;

  boolean shouldRetry(DnsAnswer answer, int attemptsSoFar, int serverCount) {
    if (attemptsSoFar > retries) {
      return false;
    }
    return switch (answer.outcome()) {
      case TIMEOUT, INVALID -> true;
      case REPLY -> serverCount > 1 && isServerFailure(answer.rcode());
    };
  }

  private static boolean isServerFailure(int rcode) {
    return rcode == org.xbill.DNS.Rcode.SERVFAIL || rcode == org.xbill.DNS.Rcode.REFUSED;
  }

  /** Exponential backoff with full jitter, so that retries after a burst of loss spread out. */
  long backoffMillis(int attemptsSoFar) {
    long cap =
        Math.min(MAX_BACKOFF_MILLIS, baseBackoff.toMillis() << Math.min(attemptsSoFar - 1, 10));
    return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
  }

  /** The timeout of attempt {@code attempt} (1-based): the base doubled per earlier attempt. */
  static long attemptTimeoutNanos(long baseNanos, long maxNanos, int attempt) {
    long t = baseNanos << Math.min(attempt - 1, 10);
    return t <= 0 ? maxNanos : Math.min(maxNanos, t);
  }
}

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
 * @param retries attempts after the first
 * @param baseBackoff delay before the first retry; doubled each time, with full jitter
 */
record RetryPolicy(int retries, Duration baseBackoff) {

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
    long cap = baseBackoff.toMillis() << Math.min(attemptsSoFar - 1, 6);
    return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
  }
}

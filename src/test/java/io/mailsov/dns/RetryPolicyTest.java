package io.mailsov.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final long MS = 1_000_000;

  @Test
  void attemptTimeoutDoublesUpToTheConfiguredTimeout() {
    assertThat(RetryPolicy.attemptTimeoutNanos(100 * MS, 1500 * MS, 1)).isEqualTo(100 * MS);
    assertThat(RetryPolicy.attemptTimeoutNanos(100 * MS, 1500 * MS, 2)).isEqualTo(200 * MS);
    assertThat(RetryPolicy.attemptTimeoutNanos(100 * MS, 1500 * MS, 4)).isEqualTo(800 * MS);
    assertThat(RetryPolicy.attemptTimeoutNanos(100 * MS, 1500 * MS, 5)).isEqualTo(1500 * MS);
    assertThat(RetryPolicy.attemptTimeoutNanos(100 * MS, 1500 * MS, 60)).isEqualTo(1500 * MS);
  }

  @Test
  void eightRetriesSpanATenSecondOutage() {
    long waited = 0;
    for (int attempt = 1; attempt <= 9; attempt++) {
      waited += RetryPolicy.attemptTimeoutNanos(100 * MS, 1500 * MS, attempt) / MS;
      if (attempt <= 8) {
        // The least the jittered backoff can be: half of its cap.
        waited += Math.min(RetryPolicy.MAX_BACKOFF_MILLIS, 50L << (attempt - 1)) / 2;
      }
    }
    assertThat(waited)
        .as("ms from the first send to giving up, at the least")
        .isGreaterThan(10_000);
  }

  @Test
  void answersAreNeverRetriedAndFailuresOnlyWhileAttemptsRemain() {
    RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(50));
    org.xbill.DNS.Name n = org.xbill.DNS.Name.root;
    DnsAnswer nx =
        DnsAnswer.reply(n, 1, org.xbill.DNS.Rcode.NXDOMAIN, java.util.List.of(), 1, false);
    DnsAnswer timeout = DnsAnswer.failure(n, 1, DnsAnswer.Outcome.TIMEOUT, "no reply", 1);
    DnsAnswer servfail =
        DnsAnswer.reply(n, 1, org.xbill.DNS.Rcode.SERVFAIL, java.util.List.of(), 1, false);
    assertThat(policy.shouldRetry(nx, 1, 2)).isFalse();
    assertThat(policy.shouldRetry(timeout, 1, 1)).isTrue();
    assertThat(policy.shouldRetry(timeout, 2, 1)).isTrue();
    assertThat(policy.shouldRetry(timeout, 3, 1)).isFalse();
    assertThat(policy.shouldRetry(servfail, 1, 1)).as("one server: its SERVFAIL stands").isFalse();
    assertThat(policy.shouldRetry(servfail, 1, 2)).as("another server may answer").isTrue();
  }
}

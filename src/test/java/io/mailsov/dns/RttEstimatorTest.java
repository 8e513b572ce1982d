package io.mailsov.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {
  private static final long MS = 1_000_000;

  @Test
  void usesTheConfiguredTimeoutUntilTheFirstReply() {
    assertThat(new RttEstimator(100 * MS, 1500 * MS).timeoutNanos()).isEqualTo(1500 * MS);
  }

  @Test
  void fastServerIsRetriedAfterTheFloor() {
    RttEstimator rtt = new RttEstimator(100 * MS, 1500 * MS);
    for (int i = 0; i < 50; i++) {
      rtt.sample(MS);
    }
    assertThat(rtt.timeoutNanos()).isEqualTo(100 * MS);
  }

  @Test
  void slowAndJitteryServerGetsSmoothedRttPlusFourVariations() {
    RttEstimator rtt = new RttEstimator(10 * MS, 5000 * MS);
    rtt.sample(400 * MS);
    // RFC 6298 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR.
    assertThat(rtt.timeoutNanos()).isEqualTo(1200 * MS);
    rtt.sample(200 * MS);
    // RTTVAR = 3/4 * 200 + 1/4 * |400 - 200| = 200; SRTT = 7/8 * 400 + 1/8 * 200 = 375.
    assertThat(rtt.timeoutNanos()).isEqualTo(1175 * MS);
  }

  @Test
  void neverExceedsTheConfiguredTimeout() {
    RttEstimator rtt = new RttEstimator(100 * MS, 1500 * MS);
    rtt.sample(3000 * MS);
    assertThat(rtt.timeoutNanos()).isEqualTo(1500 * MS);
  }
}

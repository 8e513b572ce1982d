package io.mailsov.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void zeroMeansNoWait() {
    RateLimit none = new RateLimit(0);
    for (int i = 0; i < 1000; i++) {
      assertThat(none.reserveNanos()).isZero();
    }
  }

  @Test
  void backToBackReservationsAreSpacedByTheInterval() {
    RateLimit hundred = new RateLimit(100);
    long start = System.nanoTime();
    long first = hundred.reserveNanos();
    long second = hundred.reserveNanos();
    long tenth = 0;
    for (int i = 0; i < 8; i++) {
      tenth = hundred.reserveNanos();
    }
    long elapsed = System.nanoTime() - start;
    assertThat(first).isZero();
    // Slots are 10 ms apart; each wait is that, less the time that passed since the first call.
    assertThat(second).isBetween(10_000_000L - elapsed, 10_000_000L);
    assertThat(tenth).isBetween(90_000_000L - elapsed, 90_000_000L);
  }

  @Test
  void negativeRateIsRefused() {
    assertThatThrownBy(() -> new RateLimit(-1)).hasMessageContaining("rate limit");
  }
}

package io.mailsov.dns.server;

import static io.mailsov.dns.server.TestRecords.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailsov.dns.server.Faults.Action;
import io.mailsov.dns.server.Faults.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class FaultsTest {

  private final Faults faults =
      Faults.builder()
          .exact(name("exact.test."), Action.SERVFAIL)
          .suffix(name("zone.test."), Type.MX, Action.REFUSED)
          .suffix(name("zone.test."), Action.DROP)
          .build();

  @Test
  void exactRuleMatchesTheNameOnlyAndIgnoresCase() {
    assertThat(faults.match(name("EXACT.Test."), Type.A)).isEqualTo(0);
    assertThat(faults.match(name("sub.exact.test."), Type.A)).isEqualTo(-1);
  }

  @Test
  void suffixRuleMatchesTheNameAndEverythingBelowIt() {
    assertThat(faults.match(name("zone.test."), Type.A)).isEqualTo(2);
    assertThat(faults.match(name("a.b.Zone.test."), Type.A)).isEqualTo(2);
    assertThat(faults.match(name("otherzone.test."), Type.A)).isEqualTo(-1);
  }

  @Test
  void firstMatchingRuleWinsAndTypeNarrowsAMatch() {
    assertThat(faults.match(name("a.zone.test."), Type.MX)).isEqualTo(1);
    assertThat(faults.match(name("a.zone.test."), Type.TXT)).isEqualTo(2);
  }

  @Test
  void noneHasNoRulesAndNoLoss() {
    assertThat(Faults.none().rules()).isEmpty();
    assertThat(Faults.none().lossRate()).isZero();
  }

  @Test
  void parametersBelongToTheirKindOnly() {
    assertThat(Action.delay(Duration.ofMillis(5)).kind()).isEqualTo(Kind.DELAY);
    assertThat(Action.dropFirst(2).count()).isEqualTo(2);
    assertThatThrownBy(() -> Action.delay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Action.dropFirst(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Action(Kind.DROP, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsLossRateOutsideZeroToOne() {
    assertThatThrownBy(() -> Faults.builder().lossRate(1.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> Faults.builder().lossRate(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsRelativeNames() {
    assertThatThrownBy(() -> Faults.builder().exact(name("relative"), Action.DROP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
  }
}

package io.mailsov.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.probe.QueryCounts;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The summary's timings line is read by bench/run (bench/lib.sh parse_scan): the resolution and the
 * tables are split when the answers were staged, and said to be one pass otherwise.
 */
class ScanSummaryTest {
  private static ScanSummary summary(double resolveSeconds, double resolutionSeconds) {
    return new ScanSummary(
        "s1",
        1_010,
        1_000,
        10,
        Map.of("ok", 1_000L),
        new QueryCounts(2_500, 1_500, 40, 0, 0, 2_500, 0, 0, 0, 0),
        4.2,
        resolveSeconds,
        resolutionSeconds,
        2.9,
        20.0,
        512L << 20);
  }

  @Test
  void stagedScansSplitResolutionFromTheTables() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.ROOT);
    try {
      String text = summary(10.0, 7.5).render();
      assertThat(text)
          .contains(
              "  timings: input 4.2 s, resolve and write 10.0 s (resolution 7.5 s, tables 2.5 s),"
                  + " accounting and commit 2.9 s; peak heap 512 MiB")
          .contains("resolved 1,000 domains in 10.0 s (100 domains/s, 250 queries/s)");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void unstagedScansSayTheyResolvedAndWroteInOnePass() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.ROOT);
    try {
      assertThat(summary(10.0, Double.NaN).render())
          .contains("resolve and write 10.0 s (resolved and written in one pass),")
          .doesNotContain("tables");
    } finally {
      Locale.setDefault(before);
    }
  }
}

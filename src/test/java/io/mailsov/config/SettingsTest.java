package io.mailsov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void pinsEveryDefault() {
    Settings s = Settings.defaults();
    assertThat(s.get(Settings.RESOLVER_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.get(Settings.RESOLVER_MIN_TIMEOUT)).isEqualTo(Duration.ofMillis(100));
    assertThat(s.get(Settings.RESOLVER_RETRIES)).isEqualTo(8);
    assertThat(s.get(Settings.RESOLVER_IN_FLIGHT)).isEqualTo(2000);
    assertThat(s.get(Settings.RESOLVER_CACHE_SIZE)).isEqualTo(200_000L);
    assertThat(s.get(Settings.RESOLVER_EDNS_PAYLOAD)).isEqualTo(1232);
    assertThat(s.get(Settings.RESOLVER_RATE_LIMIT)).isZero();
    assertThat(s.get(Settings.PROBE_DOMAIN_WINDOW)).isEqualTo(500);
    assertThat(s.get(Settings.SCAN_DOMAINS_PER_PARTITION)).isEqualTo(20_000);
    assertThat(Settings.ALL).hasSize(9);
  }

  @Test
  void shippedConfFileStatesTheBuiltInDefaults() throws IOException {
    Path shipped = Path.of("conf/mailsov.properties");
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(shipped)) {
      p.load(r);
    }
    assertThat(p.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(Settings.ALL.stream().map(ConfigKey::name).toList());
    Settings loaded = Settings.load(shipped);
    assertThat(loaded.asMap()).isEqualTo(Settings.defaults().asMap());
  }

  @Test
  void fileOverridesDefaultsAndCommandLineOverridesFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("m.properties");
    Files.writeString(f, "resolver.timeout = 2s\nresolver.retries=5\n");
    Settings s = Settings.load(f).with(Settings.RESOLVER_RETRIES, 1);
    assertThat(s.get(Settings.RESOLVER_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.get(Settings.RESOLVER_RETRIES)).isEqualTo(1);
    assertThat(s.get(Settings.RESOLVER_IN_FLIGHT)).isEqualTo(2000);
  }

  @Test
  void unknownKeyIsRefusedByName(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("m.properties");
    Files.writeString(f, "resolver.timout = 2s\n");
    assertThatThrownBy(() -> Settings.load(f))
        .hasMessageContaining("Unknown setting 'resolver.timout'")
        .hasMessageContaining("resolver.timeout");
  }

  @Test
  void badValueNamesKeyAndFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("m.properties");
    Files.writeString(f, "resolver.in-flight = 0\n");
    assertThatThrownBy(() -> Settings.load(f))
        .hasMessageContaining("resolver.in-flight")
        .hasMessageContaining(f.toString())
        .hasMessageContaining("at least 1");
  }

  @Test
  void parsesDurations() {
    assertThat(Settings.duration("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Settings.duration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Settings.duration("0.5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(Settings.duration("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Settings.duration("PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> Settings.duration("3")).hasMessageContaining("duration");
    assertThatThrownBy(() -> Settings.duration("0s")).hasMessageContaining("positive");
  }
}

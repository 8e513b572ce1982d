package io.mailsov.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every tunable of mailsov, typed and documented, with its built-in default. Precedence: the
 * command line, then the {@code --conf} file, then the defaults below. Unknown keys in a file are
 * an error, so a typo does not silently leave a default in force.
 */
public final class Settings {
  public static final ConfigKey<Duration> RESOLVER_TIMEOUT =
      key(
          "resolver.timeout",
          Duration.ofMillis(1500),
          Settings::duration,
          "longest wait for one DNS reply before retrying (e.g. 1500ms, 2s); the wait adapts to"
              + " each resolver's measured round-trip time, down to resolver.min-timeout");
  public static final ConfigKey<Duration> RESOLVER_MIN_TIMEOUT =
      key(
          "resolver.min-timeout",
          Duration.ofMillis(100),
          Settings::duration,
          "shortest wait for a reply the adaptive timeout may choose");
  public static final ConfigKey<Integer> RESOLVER_RETRIES =
      key(
          "resolver.retries",
          8,
          positiveOrZero(),
          "further attempts after the first, on the next server");
  public static final ConfigKey<Integer> RESOLVER_IN_FLIGHT =
      key("resolver.in-flight", 2000, positive(), "DNS questions in flight per executor");
  public static final ConfigKey<Long> RESOLVER_CACHE_SIZE =
      key(
          "resolver.cache-size",
          200_000L,
          s -> positiveLong(s),
          "entries in each executor's cache of shared names (MX hosts' addresses)");
  public static final ConfigKey<Integer> RESOLVER_EDNS_PAYLOAD =
      key("resolver.edns-payload", 1232, positive(), "EDNS0 UDP payload size (RFC 6891), bytes");
  public static final ConfigKey<Integer> RESOLVER_RATE_LIMIT =
      key(
          "resolver.rate-limit",
          0,
          positiveOrZero(),
          "queries per second per resolver, per executor; 0 for no limit");
  public static final ConfigKey<Integer> PROBE_DOMAIN_WINDOW =
      key("probe.domain-window", 500, positive(), "domains in flight per Spark task");
  public static final ConfigKey<Integer> SCAN_DOMAINS_PER_PARTITION =
      key(
          "scan.domains-per-partition",
          20_000,
          positive(),
          "domains per Spark partition when probing (more partitions, finer progress)");

  /** Every key, in the order {@code --help} and the documentation list them. */
  public static final List<ConfigKey<?>> ALL =
      List.of(
          RESOLVER_TIMEOUT,
          RESOLVER_MIN_TIMEOUT,
          RESOLVER_RETRIES,
          RESOLVER_IN_FLIGHT,
          RESOLVER_CACHE_SIZE,
          RESOLVER_EDNS_PAYLOAD,
          RESOLVER_RATE_LIMIT,
          PROBE_DOMAIN_WINDOW,
          SCAN_DOMAINS_PER_PARTITION);

  private final Map<String, Object> values;

  private Settings(Map<String, Object> values) {
    this.values = values;
  }

  public static Settings defaults() {
    Map<String, Object> v = new LinkedHashMap<>();
    ALL.forEach(k -> v.put(k.name(), k.defaultValue()));
    return new Settings(v);
  }

  /** Defaults overlaid with a properties file. */
  public static Settings load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read settings " + file + ": " + e.getMessage(), e);
    }
    Settings s = defaults();
    for (String name : p.stringPropertyNames()) {
      ConfigKey<?> key =
          ALL.stream()
              .filter(k -> k.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Unknown setting '" + name + "' in " + file + "; known: " + names()));
      s.values.put(name, key.parse(p.getProperty(name), file.toString()));
    }
    return s;
  }

  /** A copy with one value replaced, as a command-line option does. */
  public <T> Settings with(ConfigKey<T> key, T value) {
    Map<String, Object> v = new LinkedHashMap<>(values);
    v.put(key.name(), value);
    return new Settings(v);
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key.name());
  }

  public Map<String, Object> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  private static String names() {
    return ALL.stream().map(ConfigKey::name).toList().toString();
  }

  private static <T> ConfigKey<T> key(
      String name, T def, Function<String, T> parser, String description) {
    return new ConfigKey<>(name, def, parser, description);
  }

  private static Function<String, Integer> positive() {
    return s -> {
      int v = Integer.parseInt(s);
      if (v < 1) {
        throw new IllegalArgumentException("must be at least 1");
      }
      return v;
    };
  }

  private static Function<String, Integer> positiveOrZero() {
    return s -> {
      int v = Integer.parseInt(s);
      if (v < 0) {
        throw new IllegalArgumentException("must not be negative");
      }
      return v;
    };
  }

  private static long positiveLong(String s) {
    long v = Long.parseLong(s);
    if (v < 1) {
      throw new IllegalArgumentException("must be at least 1");
    }
    return v;
  }

  /** Parses "1500ms", "2s", "1m" or an ISO-8601 duration ("PT2S"). */
  public static Duration duration(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    Duration d;
    if (t.startsWith("pt")) {
      d = Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
    } else if (t.endsWith("ms")) {
      d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
    } else if (t.endsWith("s")) {
      d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    } else if (t.endsWith("m")) {
      d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
    } else {
      throw new IllegalArgumentException("expected a duration such as 1500ms, 2s or 1m");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("must be positive");
    }
    return d;
  }
}

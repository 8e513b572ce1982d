package io.mailsov.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * A typed setting: its name in {@code conf/mailsov.properties}, its built-in default, how its text
 * is parsed and validated, and what it means.
 */
public record ConfigKey<T>(
    String name, T defaultValue, Function<String, T> parser, String description) {
  public ConfigKey {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(defaultValue, "defaultValue is null");
    Objects.requireNonNull(parser, "parser is null");
    Objects.requireNonNull(description, "description is null");
  }

  /** Parses and validates a value; the message names the key, the value and {@code source}. */
  public T parse(String text, String source) {
    try {
      return parser.apply(text.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Invalid value '" + text + "' for " + name + " in " + source + ": " + e.getMessage(), e);
    }
  }
}

package io.mailsov.classify;

/**
 * The provider catalogue cannot be used: its YAML is malformed or a rule in it breaks the format
 * described at the top of {@code conf/providers.yaml}. The message names the file, the provider and
 * the offending value.
 */
public final class InvalidCatalogueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidCatalogueException(String source, String problem) {
    super("Invalid catalogue " + source + ": " + problem);
  }

  InvalidCatalogueException(String source, String problem, Throwable cause) {
    super("Invalid catalogue " + source + ": " + problem, cause);
  }
}

package io.mailsov.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The provider catalogue's text and where it came from: {@code --catalogue FILE}, else {@code
 * conf/providers.yaml} of the installation, else the copy bundled in the jar.
 */
record CatalogueFile(String text, String source) {
  private static final String BUNDLED = "/io/mailsov/classify/providers.yaml";

  /** The help text of every command's {@code --catalogue} option. */
  static final String OPTION_HELP =
      "provider catalogue (default: conf/providers.yaml of the installation, else the bundled"
          + " copy)";

  static CatalogueFile read(Path given) throws IOException {
    Path file = given != null ? given : Home.confFile("providers.yaml").orElse(null);
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("Cannot read --catalogue " + file);
      }
      return new CatalogueFile(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }
    try (InputStream in = CatalogueFile.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("The bundled catalogue " + BUNDLED + " is missing");
      }
      return new CatalogueFile(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED);
    }
  }
}

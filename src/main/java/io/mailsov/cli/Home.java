package io.mailsov.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the installation's {@code conf/} lives: the {@code mailsov.home} system property that
 * {@code bin/mailsov} sets, else the working directory.
 */
final class Home {
  private Home() {}

  static Path dir() {
    String home = System.getProperty("mailsov.home");
    return Path.of(home == null ? "." : home);
  }

  static Optional<Path> confFile(String name) {
    Path p = dir().resolve("conf").resolve(name);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }
}

package io.mailsov.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a command's result to standard output or to {@code --output FILE}. */
final class Output {
  private Output() {}

  static void write(String text, Path file) throws IOException {
    if (file == null) {
      System.out.print(text);
      System.out.flush();
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
    System.err.println("wrote " + file);
  }
}

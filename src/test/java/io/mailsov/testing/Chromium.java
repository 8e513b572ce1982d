package io.mailsov.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Headless Chromium (Debian's {@code chromium}) driven from the command line: the DOM of a page
 * after its scripts ran, and a screenshot of it. Each run gets its own profile directory, so runs
 * in parallel do not share a profile lock.
 */
public final class Chromium {
  private static final long TIMEOUT_SECONDS = 90;

  private final Path binary;
  private final Path work;

  private Chromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** The browser on the PATH, or empty when it is not installed. */
  public static Optional<Chromium> find(Path work) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(new Chromium(p, work));
        }
      }
    }
    return Optional.empty();
  }

  /** The serialised DOM once the page has loaded and its load handlers ran. */
  public String dumpDom(Path page, int width, int height) throws IOException, InterruptedException {
    return new String(
        run(page, width, height, List.of("--virtual-time-budget=5000", "--dump-dom")),
        StandardCharsets.UTF_8);
  }

  /** A screenshot of the top {@code width} x {@code height} CSS pixels of the page. */
  public BufferedImage screenshot(Path page, int width, int height)
      throws IOException, InterruptedException {
    Path png = Files.createTempFile(work, "screenshot", ".png");
    run(page, width, height, List.of("--hide-scrollbars", "--screenshot=" + png));
    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null) {
      throw new IOException("Chromium wrote no readable screenshot to " + png);
    }
    return image;
  }

  private byte[] run(Path page, int width, int height, List<String> mode)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--headless");
    // Tests run as root in a container, where Chromium's sandbox cannot start.
    command.add("--no-sandbox");
    command.add("--disable-gpu");
    command.add("--disable-dev-shm-usage");
    command.add("--force-device-scale-factor=1");
    command.add("--user-data-dir=" + profile);
    command.add("--window-size=" + width + "," + height);
    command.addAll(mode);
    command.add(page.toUri().toString());
    Path out = Files.createTempFile(work, "chromium", ".out");
    Path err = Files.createTempFile(work, "chromium", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "Chromium exited with "
              + p.exitValue()
              + ": "
              + command
              + "\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return Files.readAllBytes(out);
  }
}

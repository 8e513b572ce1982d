package io.mailsov.testing;

import io.mailsov.sample.SampleWorld;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Knot DNS ({@code knotd}) serving zones on 127.0.0.1 at a free port, as a child process of the
 * test JVM. {@link #close()} ends exactly that process.
 *
 * <p>Knot answers authoritatively only: a query under no configured zone gets REFUSED, and a
 * configured zone whose file is missing gets SERVFAIL; the sample world relies on both.
 */
public final class KnotServer implements AutoCloseable {
  /** One {@code zone:} entry: an origin and its file name relative to the zones folder. */
  public record Origin(Name name, String file) {
    public Origin {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(file, "file is null");
    }
  }

  private static final InetAddress LOOPBACK = loopback();

  private static final Duration READY_DEADLINE = Duration.ofSeconds(20);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Process process;
  private final int port;
  private final Path log;

  private KnotServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Writes the world's zone files under {@code workDir/zones} and serves all its origins. */
  public static KnotServer start(Path workDir, SampleWorld world) throws IOException {
    Path zones = workDir.resolve("zones");
    world.writeZoneFiles(zones);
    return start(workDir, zones, readZonesList(zones.resolve("zones.list")));
  }

  /**
   * Starts Knot on the given zones and waits until it answers an SOA query for the first origin
   * whose file exists.
   *
   * @param origins every zone to declare; one whose file does not exist is answered SERVFAIL
   */
  public static KnotServer start(Path workDir, Path zonesDir, List<Origin> origins)
      throws IOException {
    Path knotd = findKnotd();
    Origin probe =
        origins.stream()
            .filter(o -> Files.isRegularFile(zonesDir.resolve(o.file())))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Cannot start Knot: none of the zone files exists in " + zonesDir));

    Path dir = workDir.toAbsolutePath();
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("db"));
    int port = freePort();
    Path conf = dir.resolve("knot.conf");
    Files.writeString(conf, config(dir, zonesDir.toAbsolutePath(), port, origins));

    Path log = dir.resolve("knotd.log");
    Process process =
        new ProcessBuilder(knotd.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    KnotServer server = new KnotServer(process, port, log);
    try {
      server.awaitReady(probe.name());
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public int port() {
    return port;
  }

  /** The process id of {@code knotd}, for tests that check it has gone. */
  public long pid() {
    return process.pid();
  }

  /** A resolver that asks this server directly, over UDP with TCP fallback on truncation. */
  public SimpleResolver resolver() {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(LOOPBACK, port));
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady(Name origin) throws IOException {
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    SimpleResolver resolver = resolver();
    resolver.setTimeout(Duration.ofMillis(300));
    Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(origin, Type.SOA, DClass.IN));
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cannot start Knot: knotd exited with " + process.exitValue() + "\n" + logTail());
      }
      try {
        Message answer = resolver.send(query);
        if (answer.getRcode() == Rcode.NOERROR && !answer.getSection(Section.ANSWER).isEmpty()) {
          return;
        }
        last = "rcode " + Rcode.string(answer.getRcode());
      } catch (IOException e) {
        last = e.toString();
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "Cannot start Knot: no SOA for "
            + origin
            + " on port "
            + port
            + " within "
            + READY_DEADLINE.toSeconds()
            + " s ("
            + last
            + ")\n"
            + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  static String config(Path workDir, Path zonesDir, int port, List<Origin> origins) {
    StringBuilder conf = new StringBuilder();
    conf.append("server:\n")
        .append("    rundir: \"")
        .append(workDir.resolve("run"))
        .append("\"\n")
        .append("    listen: 127.0.0.1@")
        .append(port)
        .append('\n')
        .append("    udp-workers: 2\n")
        .append("    tcp-workers: 1\n")
        .append("    background-workers: 1\n")
        .append("database:\n")
        .append("    storage: \"")
        .append(workDir.resolve("db"))
        .append("\"\n")
        .append("log:\n")
        .append("  - target: stderr\n")
        .append("    any: info\n")
        // Zone files are generated whole and never change while served: no journal, no
        // flushing back, and no semantic checks, which only slow the loading of big zones.
        .append("template:\n")
        .append("  - id: default\n")
        .append("    storage: \"")
        .append(zonesDir)
        .append("\"\n")
        .append("    zonefile-sync: -1\n")
        .append("    journal-content: none\n")
        .append("    semantic-checks: off\n")
        .append("zone:\n");
    for (Origin origin : origins) {
      conf.append("  - domain: \"").append(origin.name()).append("\"\n");
      conf.append("    file: \"").append(origin.file()).append("\"\n");
    }
    return conf.toString();
  }

  /** Reads {@code origin file} lines as {@link SampleWorld#writeZoneFiles} writes them. */
  static List<Origin> readZonesList(Path list) throws IOException {
    List<Origin> origins = new ArrayList<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split("\\s+");
      if (parts.length != 2) {
        throw new IOException("Invalid line in " + list + ": " + line);
      }
      origins.add(new Origin(Name.fromString(parts[0]), parts[1]));
    }
    return origins;
  }

  static Path findKnotd() {
    Optional<Path> onPath =
        Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> List.of(path.split(java.io.File.pathSeparator)).stream())
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, "knotd"))
            .filter(Files::isExecutable)
            .findFirst();
    Path debian = Path.of("/usr/sbin/knotd");
    return onPath
        .or(() -> Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "knotd not found: install Debian's knot package (apt-get install knot),"
                        + " as .ci/run does"));
  }

  /**
   * A port free for both UDP and TCP on the loopback address at the time of the call. Another
   * process could take it before Knot binds it; Knot then fails to start and the log says so.
   */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
        int port = udp.getLocalPort();
        try (ServerSocket tcp = new ServerSocket()) {
          tcp.setReuseAddress(false);
          tcp.bind(new InetSocketAddress(LOOPBACK, port));
          return port;
        } catch (IOException e) {
          // Taken for TCP; try another UDP port.
        }
      }
    }
    throw new IOException("Cannot find a port free for both UDP and TCP on " + LOOPBACK);
  }

  /** 127.0.0.1 itself: Knot listens on IPv4, whatever the JVM prefers for "localhost". */
  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("Invalid loopback address", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Knot", e);
    }
  }
}

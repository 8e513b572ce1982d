package io.mailsov.testing;

import io.mailsov.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs a mailsov command line in this JVM and captures what it printed. */
public final class Cli {
  /** Exit code and the captured standard output and error. */
  public record Result(int code, String out, String err) {}

  private Cli() {}

  public static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /**
   * A small MX-only scan of {@code list} against an embedded server on 127.0.0.1, with a short
   * timeout and one retry, for tests about what happens to the tables rather than about DNS.
   *
   * @throws AssertionError with what the command printed on error, if it did not exit with 0
   */
  public static Result quickMxScan(Path list, String warehouse, String scanId, int port) {
    Result r = tryQuickMxScan(list, warehouse, scanId, port);
    if (r.code() != 0) {
      throw new AssertionError("scan " + scanId + " exited with " + r.code() + ": " + r.err());
    }
    return r;
  }

  /** The scan of {@link #quickMxScan}, for tests that expect it to fail. */
  public static Result tryQuickMxScan(Path list, String warehouse, String scanId, int port) {
    return run(
        "scan",
        "--domains",
        list.toString(),
        "--warehouse",
        warehouse,
        "--scan-id",
        scanId,
        "--resolvers",
        "127.0.0.1:" + port,
        "--signals",
        "mx",
        "--master",
        "local[2]",
        "--timeout",
        "300ms",
        "--retries",
        "1");
  }
}

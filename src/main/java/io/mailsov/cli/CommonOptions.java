package io.mailsov.cli;

import picocli.CommandLine.Option;

/** Options every command that opens Spark shares. */
final class CommonOptions {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master; default: what spark-submit set, else embedded local[*] on this machine")
  String master;

  @Option(
      names = {"-v", "--verbose"},
      description = "show Spark's own INFO logging (default: WARN and above only)")
  boolean verbose;
}

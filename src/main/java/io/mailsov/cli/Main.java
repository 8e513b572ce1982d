package io.mailsov.cli;

import io.mailsov.input.InputException;
import java.io.PrintWriter;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mailsov}: the command line of the design's contract. */
@Command(
    name = "mailsov",
    mixinStandardHelpOptions = true,
    version = "mailsov 0.1",
    description = "Who runs the e-mail of a country's organisations, and under which jurisdiction.",
    subcommands = {
      ScanCommand.class,
      ReportCommand.class,
      SqlCommand.class,
      DiffCommand.class,
      ReclassifyCommand.class,
      ExplainCommand.class,
      VacuumCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Bad arguments or unreadable input, as the design fixes (and picocli uses for bad options). */
  static final int EXIT_USAGE = 2;

  static final int EXIT_FAILURE = 1;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          boolean usage =
              e instanceof IllegalArgumentException
                  || e instanceof InputException
                  || e instanceof AnalysisException;
          err.println("mailsov: " + message(e));
          if (Boolean.getBoolean("mailsov.trace") || !usage) {
            e.printStackTrace(err);
          }
          err.flush();
          return usage ? EXIT_USAGE : EXIT_FAILURE;
        });
    return cli.execute(args);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getName() : m.strip();
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}

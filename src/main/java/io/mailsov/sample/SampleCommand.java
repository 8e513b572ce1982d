package io.mailsov.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@link SampleWorld#main}: writes a world's files for scripts and benchmarks. */
final class SampleCommand {
  static final String USAGE =
      "usage: SampleWorld --count N --seed S --out DIR [--junk-share X (default 0.001)]"
          + " [--detail all|mail (default all)]";

  /** Parsed arguments; {@code count} and {@code out} are required. */
  record Options(int count, long seed, Path out, double junkShare, RecordDetail detail) {}

  private SampleCommand() {}

  static void run(String[] args) throws IOException {
    Options options;
    SampleWorld world;
    try {
      options = parse(args);
      world = SampleWorld.generate(options.seed(), options.count(), options.junkShare());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    write(world, options);
  }

  static Options parse(String[] args) {
    Integer count = null;
    long seed = 1;
    Path out = null;
    double junkShare = 0.001;
    RecordDetail detail = RecordDetail.ALL;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Invalid arguments: " + flag + " needs a value");
      }
      String value = args[++i];
      try {
        switch (flag) {
          case "--count":
            count = Integer.parseInt(value);
            break;
          case "--seed":
            seed = Long.parseLong(value);
            break;
          case "--out":
            out = Path.of(value);
            break;
          case "--junk-share":
            junkShare = Double.parseDouble(value);
            break;
          case "--detail":
            detail = detail(value);
            break;
          default:
            throw new IllegalArgumentException("Invalid argument: unknown option " + flag);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid value for " + flag + ": " + value, e);
      }
    }
    if (count == null || out == null) {
      throw new IllegalArgumentException("Invalid arguments: --count and --out are required");
    }
    return new Options(count, seed, out, junkShare, detail);
  }

  private static RecordDetail detail(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "all":
        return RecordDetail.ALL;
      case "mail":
        return RecordDetail.MAIL_ONLY;
      default:
        throw new IllegalArgumentException("Invalid value for --detail: " + value);
    }
  }

  static void write(SampleWorld world, Options options) throws IOException {
    long start = System.nanoTime();
    Path out = options.out();
    Files.createDirectories(out);
    world.writeCsv(out.resolve("domains.csv"));
    world.writeTruthCsv(out.resolve("truth.csv"));
    try (Writer junk = Files.newBufferedWriter(out.resolve("junk.csv"), StandardCharsets.UTF_8)) {
      junk.write("raw\n");
      for (String raw : world.junkRows()) {
        junk.write(SampleWorld.csvCell(raw) + "\n");
      }
    }
    try (Writer dups =
        Files.newBufferedWriter(out.resolve("duplicates.csv"), StandardCharsets.UTF_8)) {
      dups.write("raw,domain\n");
      for (SampleDuplicate d : world.duplicates()) {
        dups.write(SampleWorld.csvCell(d.raw()) + "," + d.domain() + "\n");
      }
    }
    long records = world.writeZoneFiles(out.resolve("zones"), options.detail());
    System.out.printf(
        Locale.ROOT,
        "Wrote %d domains, %d junk rows, %d duplicates, %d records to %s in %.1f s%n",
        world.domainCount(),
        world.junkRows().size(),
        world.duplicates().size(),
        records,
        out,
        (System.nanoTime() - start) / 1e9);
  }
}

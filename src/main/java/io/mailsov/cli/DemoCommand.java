package io.mailsov.cli;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.sample.SampleWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Offline demonstration: serve a generated sample of Dutch institutions (Microsoft and"
          + " Google tenants, gateways, Dutch and EU hosters, self-hosted and broken domains) on"
          + " an embedded authoritative DNS server on 127.0.0.1, scan it with 'scan', and print"
          + " the report. Needs no network."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--count", paramLabel = "N", defaultValue = "1000", description = "domains")
  int count;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "2026")
  long seed;

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./demo-warehouse")
  String warehouse;

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new IllegalArgumentException("Invalid --count " + count + ": must be at least 1");
    }
    SampleWorld world = SampleWorld.generate(seed, count, 0.01);
    Path input = Path.of(warehouse, "input", "domains.csv");
    Files.createDirectories(input.getParent());
    world.writeCsv(input);

    List<org.xbill.DNS.Record> records = new ArrayList<>();
    world.zones().values().forEach(records::addAll);
    Set<Name> origins = new HashSet<>(world.servedOrigins());
    origins.addAll(world.servfailOrigins());
    Faults.Builder faults = Faults.builder();
    // A real server answers SERVFAIL for a zone it cannot load; the sample has such zones.
    world.servfailOrigins().forEach(o -> faults.suffix(o, Faults.Action.SERVFAIL));

    try (AuthoritativeServer server =
        AuthoritativeServer.start(ZoneData.of(records, origins), faults.build())) {
      System.out.printf(
          "demo: %,d sample domains in %s, their DNS served on 127.0.0.1:%d%n",
          world.domains().size(), input, server.port());
      List<String> scan =
          new ArrayList<>(
              List.of(
                  "scan",
                  "--domains",
                  input.toString(),
                  "--warehouse",
                  warehouse,
                  "--scan-id",
                  "demo",
                  "--resolvers",
                  "127.0.0.1:" + server.port(),
                  "--timeout",
                  "500ms",
                  "--retries",
                  "2"));
      addCommon(scan);
      int code = Main.run(scan.toArray(String[]::new));
      if (code != 0) {
        return code;
      }
    }
    List<String> report = new ArrayList<>(List.of("report", "--warehouse", warehouse));
    addCommon(report);
    int code = Main.run(report.toArray(String[]::new));
    if (code == 0) {
      System.out.printf(
          "Explore it: bin/mailsov sql --warehouse %s \"SELECT category, count(*) FROM"
              + " latest_results GROUP BY category\"%n",
          warehouse);
    }
    return code;
  }

  private void addCommon(List<String> args) {
    if (common.master != null) {
      args.add("--master");
      args.add(common.master);
    }
    if (common.verbose) {
      args.add("--verbose");
    }
  }
}

package io.mailsov.testing;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.sample.SampleDomain;
import io.mailsov.sample.SampleWorld;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A generated zone set before and after some of its domains moved their mail, in three directions:
 * Microsoft to a Dutch hoster (category national), Google to Microsoft, a Dutch hoster to Google. A
 * moved domain's MX records are replaced; the MX of a mailbox provider decides the verdict,
 * whatever else the domain publishes.
 *
 * @param moved domain to {@code from_category,to_category}
 */
public record MovedWorld(
    SampleWorld world, ZoneData before, ZoneData after, Map<String, String> moved) {
  private static final Map<String, String> TARGET =
      Map.of(
          "microsoft", "mx.transip.email.",
          "google", "x.mail.protection.outlook.com.",
          "national", "aspmx.l.google.com.");
  private static final Map<String, String> TO =
      Map.of("microsoft", "national", "google", "microsoft", "national", "google");

  /**
   * @param perDirection how many domains move from each of microsoft, google and national, in the
   *     world's order, among domains whose status is {@code ok}
   */
  public static MovedWorld generate(long seed, int domains, Map<String, Integer> perDirection) {
    SampleWorld world = SampleWorld.generate(seed, domains, 0);
    Set<Name> origins = new HashSet<>(world.servedOrigins());
    origins.addAll(world.servfailOrigins());
    List<org.xbill.DNS.Record> before = new ArrayList<>();
    world.zones().values().forEach(before::addAll);

    Map<String, Integer> quota = new HashMap<>(perDirection);
    Map<String, String> moved = new TreeMap<>();
    for (SampleDomain d : world.domains()) {
      String from = d.expectedCategory();
      if (d.expectedStatus().equals("ok") && quota.getOrDefault(from, 0) > 0) {
        quota.merge(from, -1, Integer::sum);
        moved.put(d.domain(), from + "," + TO.get(from));
      }
    }
    List<org.xbill.DNS.Record> after = new ArrayList<>();
    for (org.xbill.DNS.Record r : before) {
      if (r.getType() == Type.MX && moved.containsKey(r.getName().toString(true))) {
        continue;
      }
      after.add(r);
    }
    moved.forEach(
        (domain, move) ->
            after.add(
                new MXRecord(
                    Name.fromConstantString(domain + "."),
                    DClass.IN,
                    300,
                    10,
                    Name.fromConstantString(TARGET.get(move.split(",")[0])))));
    return new MovedWorld(
        world, ZoneData.of(before, origins), ZoneData.of(after, origins), Map.copyOf(moved));
  }

  /**
   * Scans the world's list twice into {@code warehouse} through the command line, as scan ids
   * {@code beforeId} and {@code afterId}, each against an embedded server with that zone set.
   */
  public void scanTwice(Path dir, String warehouse, String beforeId, String afterId)
      throws IOException {
    Path input = dir.resolve("domains.csv");
    world.writeCsv(input);
    scan(input, warehouse, beforeId, before);
    scan(input, warehouse, afterId, after);
  }

  private void scan(Path input, String warehouse, String id, ZoneData zones) throws IOException {
    Faults.Builder faults = Faults.builder();
    world.servfailOrigins().forEach(o -> faults.suffix(o, Faults.Action.SERVFAIL));
    try (AuthoritativeServer server = AuthoritativeServer.start(zones, faults.build())) {
      Cli.Result r =
          Cli.run(
              "scan",
              "--domains",
              input.toString(),
              "--warehouse",
              warehouse,
              "--scan-id",
              id,
              "--resolvers",
              "127.0.0.1:" + server.port(),
              "--master",
              "local[2]");
      if (r.code() != 0) {
        throw new IllegalStateException("scan " + id + " failed: " + r.err());
      }
    }
  }
}

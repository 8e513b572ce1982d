package io.mailsov.cli;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsov.asn.AsnDatabase;
import io.mailsov.classify.Catalogue;
import io.mailsov.classify.Evidence;
import io.mailsov.classify.Verdict;
import io.mailsov.input.DomainNormalizer;
import io.mailsov.input.Normalized;
import io.mailsov.observe.ObservationRows;
import io.mailsov.observe.Replayer;
import io.mailsov.probe.DnsObservation;
import io.mailsov.store.Sessions;
import io.mailsov.store.Tables;
import io.mailsov.store.Warehouse;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.xbill.DNS.Rcode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Show why a domain was classified as it was: the DNS answers its scan kept, the evidence"
          + " each produced with its weight, and the verdict they add up to.",
      "The verdict is recomputed from the kept answers with the given catalogue and compared"
          + " with the stored row."
    })
final class ExplainCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Parameters(index = "0", paramLabel = "DOMAIN")
  String domain;

  @Option(
      names = "--scan-id",
      paramLabel = "ID",
      description = "the scan to explain (default: the latest recorded scan with the domain)")
  String scanId;

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./warehouse")
  String warehouse;

  @Mixin ReplayOptions replay = new ReplayOptions();

  @Override
  public Integer call() throws Exception {
    Normalized n = DomainNormalizer.normalize(domain);
    if (!n.accepted()) {
      throw new IllegalArgumentException("Not a domain: '" + domain + "': " + n.rejectReason());
    }
    String name = n.domain();
    if (scanId != null) {
      Warehouse.checkScanId(scanId);
    }
    CatalogueFile cat = replay.catalogueFile();
    Catalogue rules = Catalogue.fromYaml(cat.text(), cat.source());
    SparkSession spark = Sessions.create("mailsov explain", common.master, common.verbose);
    Warehouse w = new Warehouse(spark, warehouse);
    if (!w.exists(Tables.SCANS) || !w.exists(Tables.DOMAIN_RESULTS)) {
      throw new IllegalArgumentException("No recorded scans in " + warehouse);
    }
    Row scan = scanOf(w, name);
    String id = scan.getString(scan.fieldIndex("scan_id"));
    List<Row> stored =
        w.read(Tables.DOMAIN_RESULTS)
            .where(col("scan_id").equalTo(id).and(col("domain").equalTo(name)))
            .collectAsList();
    if (stored.isEmpty()) {
      throw new IllegalArgumentException("Scan " + id + " has no domain " + name);
    }
    List<DnsObservation> observed = observations(w, scan, name);
    JsonNode settings = new ObjectMapper().readTree(scan.getString(scan.fieldIndex("settings")));
    Replayer replayer =
        new Replayer(
            rules,
            settings.path("country").asText("NL"),
            asn(settings),
            io.mailsov.scan.ReclassifyJob.recordedPlan(settings, rules));
    Replayer.Replayed replayed = observed.isEmpty() ? null : replayer.replay(name, observed);
    render(System.out, id, stored.get(0), observed, replayed, rules);
    return 0;
  }

  /** The given scan, or the latest recorded one that has the domain. */
  private Row scanOf(Warehouse w, String name) {
    var scans = w.read(Tables.SCANS);
    if (scanId != null) {
      List<Row> rows = scans.where(col("scan_id").equalTo(scanId)).collectAsList();
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("No recorded scan with id '" + scanId + "'");
      }
      return rows.get(0);
    }
    var withDomain =
        w.read(Tables.DOMAIN_RESULTS).where(col("domain").equalTo(name)).select("scan_id");
    List<Row> rows =
        scans
            .join(withDomain, "scan_id")
            .orderBy(col("started_at").desc())
            .limit(1)
            .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("No recorded scan has the domain " + name);
    }
    return rows.get(0);
  }

  private static List<DnsObservation> observations(Warehouse w, Row scan, String name) {
    if (!w.exists(Tables.DNS_OBSERVATIONS)) {
      return List.of();
    }
    String id = scan.getString(scan.fieldIndex("scan_id"));
    int attempts = scan.getInt(scan.fieldIndex("attempts"));
    List<Row> rows =
        w.read(Tables.DNS_OBSERVATIONS)
            .where(
                col("scan_id")
                    .equalTo(id)
                    .and(col("domain").equalTo(name))
                    .and(col("attempt").leq(attempts)))
            .collectAsList();
    int latest = rows.stream().mapToInt(r -> r.getInt(r.fieldIndex("attempt"))).max().orElse(0);
    List<DnsObservation> out = new ArrayList<>();
    for (Row r : rows) {
      if (r.getInt(r.fieldIndex("attempt")) == latest) {
        out.add(ObservationRows.fromRow(r));
      }
    }
    out.sort(java.util.Comparator.comparingInt(DnsObservation::seq));
    return out;
  }

  private AsnDatabase asn(JsonNode settings) {
    if (replay.noAsn()) {
      return AsnDatabase.empty();
    }
    String named = replay.namedAsnDb();
    String path = named != null ? named : settings.path("asn_db").asText(null);
    if (path == null) {
      return AsnDatabase.empty();
    }
    if (!Files.isReadable(Path.of(path))) {
      if (named != null) {
        throw new IllegalArgumentException("Cannot read --asn-db " + path);
      }
      System.err.println(
          "mailsov: the scan's ASN table " + path + " cannot be read; explaining without it");
      return AsnDatabase.empty();
    }
    return AsnDatabase.load(Path.of(path));
  }

  static void render(
      PrintStream out,
      String scanId,
      Row stored,
      List<DnsObservation> observed,
      Replayer.Replayed replayed,
      Catalogue rules) {
    String name = stored.getString(stored.fieldIndex("domain"));
    out.printf(
        "%s in scan %s (classification %s, catalogue %s %s)%n",
        name,
        scanId,
        field(stored, "classification"),
        field(stored, "catalogue_version"),
        shortHash(field(stored, "catalogue_hash")));
    out.printf("  status %s: %s%n", field(stored, "status"), clean(field(stored, "status_detail")));
    out.println();
    if (observed.isEmpty()) {
      out.println(
          "No DNS answers were kept for this domain (scan with --no-keep-observations, or no"
              + " question could be asked); the stored verdict is all there is.");
    } else {
      out.printf("DNS answers (%d questions, in the order asked)%n", observed.size());
      for (DnsObservation o : observed) {
        out.println("  " + question(o));
        for (org.xbill.DNS.Record r : o.answer().answers()) {
          out.println("      " + clean(r.toString()));
        }
      }
    }
    out.println();
    List<Evidence> evidence = replayed != null ? replayed.verdict().evidence() : List.of();
    if (replayed != null) {
      out.printf("Evidence (catalogue %s %s)%n", rules.version(), shortHash(rules.contentHash()));
      for (Evidence e : evidence) {
        out.printf(
            "  %-14s %-16s %4d  %s%n",
            e.signal(), e.provider() == null ? "-" : e.provider(), e.weight(), clean(e.detail()));
      }
      Map<String, Integer> byProvider = new LinkedHashMap<>();
      for (Evidence e : evidence) {
        if (e.provider() != null) {
          byProvider.merge(e.provider(), e.weight(), Integer::sum);
        }
      }
      out.println();
      out.println("Weight by provider: " + (byProvider.isEmpty() ? "none" : byProvider));
      out.println("Verdict: " + verdict(replayed.verdict()));
    }
    String storedVerdict =
        String.format(
            "provider %s, category %s, gateway %s, confidence %s",
            field(stored, "provider"),
            field(stored, "category"),
            field(stored, "gateway"),
            field(stored, "confidence"));
    if (replayed == null) {
      out.println("Stored: " + storedVerdict);
    } else {
      Verdict v = replayed.verdict();
      boolean same =
          java.util.Objects.equals(v.provider(), stored.getString(stored.fieldIndex("provider")))
              && v.category().label().equals(stored.getString(stored.fieldIndex("category")))
              && java.util.Objects.equals(
                  v.gateway(), stored.getString(stored.fieldIndex("gateway")))
              && v.confidence() == stored.getInt(stored.fieldIndex("confidence"));
      out.println(
          same
              ? "Stored row: the same verdict."
              : "Stored row differs (made with another catalogue or ASN table): " + storedVerdict);
    }
  }

  private static String question(DnsObservation o) {
    var a = o.answer();
    String result =
        switch (a.outcome()) {
          case REPLY -> Rcode.string(a.rcode()) + ", " + a.answers().size() + " records";
          case TIMEOUT -> "timeout: " + a.detail();
          case INVALID -> "invalid: " + a.detail();
        };
    String how =
        o.fromCache()
            ? "from cache"
            : a.attempts()
                + (a.attempts() == 1 ? " attempt" : " attempts")
                + (a.overTcp() ? ", TCP" : "");
    return String.format(
        "%2d %-44s %-6s %s (%s%s)",
        o.seq(),
        clean(a.name().toString()),
        org.xbill.DNS.Type.string(a.type()),
        clean(result),
        how,
        a.server().isEmpty() ? "" : ", " + a.server());
  }

  private static String verdict(Verdict v) {
    StringBuilder s = new StringBuilder();
    s.append(v.provider() == null ? "no provider" : "provider " + v.provider());
    if (v.providerName() != null) {
      s.append(" (").append(v.providerName());
      if (v.company() != null) {
        s.append(", ").append(v.company());
      }
      if (v.jurisdiction() != null) {
        s.append(", ").append(v.jurisdiction());
      }
      s.append(")");
    }
    s.append(", category ").append(v.category().label());
    s.append(", US jurisdiction ").append(v.usJurisdiction() ? "yes" : "no");
    if (v.gateway() != null) {
      s.append(", behind gateway ").append(v.gateway());
    }
    s.append(", confidence ").append(v.confidence());
    if (v.dnsProvider() != null) {
      s.append("; DNS by ").append(v.dnsProvider());
    }
    if (v.webProvider() != null) {
      s.append("; web by ").append(v.webProvider());
    }
    return s.toString();
  }

  private static String field(Row row, String name) {
    if (!row.schema().getFieldIndex(name).isDefined()) {
      return "-";
    }
    Object v = row.get(row.fieldIndex(name));
    return v == null ? "-" : v.toString();
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }

  /** DNS text is hostile: control characters are shown as escapes, never sent to a terminal. */
  static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

package io.mailsov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsov.config.ConfigKey;
import io.mailsov.config.Settings;
import io.mailsov.dns.ResolverSettings;
import io.mailsov.scan.ProbeSettings;
import io.mailsov.scan.ScanJob;
import io.mailsov.scan.ScanRequest;
import io.mailsov.scan.ScanSummary;
import io.mailsov.store.Sessions;
import io.mailsov.store.TableFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Scan a domain list: resolve every domain's MX on Spark, classify its mail operator, and"
          + " write scans, domain_results and rejects to the warehouse.",
      "Tuning options override the --conf file, which overrides the built-in defaults shown."
    })
final class ScanCommand implements Callable<Integer> {
  private static final DateTimeFormatter SCAN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  @Spec CommandSpec spec;
  @Mixin CommonOptions common = new CommonOptions();

  @Option(
      names = "--domains",
      paramLabel = "FILE",
      description =
          "CSV/TSV with a 'domain' column (and organization, sector, country), .txt with"
              + " one domain per line, or .parquet")
  String domains;

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./warehouse")
  String warehouse;

  @Option(
      names = "--retry-failed",
      paramLabel = "SCAN_ID",
      description =
          "instead of a new scan: resolve again the domains of that recorded scan whose"
              + " status was timeout or servfail, and merge them in (Delta warehouses)")
  String retryFailed;

  @Option(
      names = "--scan-id",
      paramLabel = "ID",
      description =
          "rerunning an id replaces that scan (default: the UTC time, e.g. 20261203T171500Z)")
  String scanId;

  @Option(
      names = "--resolvers",
      paramLabel = "H[:P],…",
      description = "resolvers to ask (default: the system's, from /etc/resolv.conf)")
  String resolvers;

  @Option(
      names = "--asn-db",
      paramLabel = "FILE",
      description =
          "ip2asn TSV (range_start range_end AS_number country AS_description) to name"
              + " the networks of MX addresses (default: none)")
  String asnDb;

  @Option(
      names = "--country",
      paramLabel = "CC",
      defaultValue = "NL",
      description = "the scan's country: operators controlled from it count as 'national'")
  String country;

  @Option(
      names = "--signals",
      paramLabel = "mx|all",
      defaultValue = "all",
      description =
          "mx: MX records and their hosts' aliases and addresses only; all (default): also"
              + " TXT (SPF, expanded, and verification tokens), DKIM selectors, autodiscover,"
              + " DMARC, NS and the apex and www addresses")
  String signals;

  @Option(names = "--format", paramLabel = "delta|parquet", defaultValue = "delta")
  String format;

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "settings file (default: conf/mailsov.properties of the installation, if any)")
  Path conf;

  @Option(names = "--catalogue", paramLabel = "FILE", description = CatalogueFile.OPTION_HELP)
  Path catalogue;

  @Option(
      names = "--keep-observations",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "write every DNS answer to dns_observations, so that reclassify can classify the"
              + " scan again without DNS traffic (--no-keep-observations saves the space)")
  boolean keepObservations;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1500ms",
      description =
          "longest wait for a DNS reply; adapts to the measured round trip" + " (resolver.timeout)")
  String timeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "8",
      description = "attempts after the first (resolver.retries)")
  int retries;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      defaultValue = "2000",
      description = "DNS questions in flight per executor (resolver.in-flight)")
  int inFlight;

  @Option(
      names = "--cache-size",
      paramLabel = "N",
      defaultValue = "200000",
      description = "entries in each executor's cache of shared names (resolver.cache-size)")
  long cacheSize;

  @Option(
      names = "--rate-limit",
      paramLabel = "QPS",
      defaultValue = "0",
      description =
          "queries per second per resolver and executor, 0 for no limit" + " (resolver.rate-limit)")
  int rateLimit;

  @Option(
      names = "--domains-per-partition",
      paramLabel = "N",
      defaultValue = "20000",
      description = "domains per Spark partition (scan.domains-per-partition)")
  int domainsPerPartition;

  @Override
  public Integer call() throws IOException {
    Settings settings = effectiveSettings();
    TableFormat tableFormat = parseFormat(format);
    if (!signals.equals("mx") && !signals.equals("all")) {
      throw new IllegalArgumentException("Invalid --signals '" + signals + "': use mx or all");
    }
    String cc = country.toUpperCase(Locale.ROOT);
    if (!cc.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException(
          "Invalid --country '" + country + "': use an ISO 3166" + " alpha-2 code such as NL");
    }
    if (asnDb != null && !Files.isReadable(Path.of(asnDb)) && !asnDb.contains("://")) {
      throw new IllegalArgumentException("Cannot read --asn-db " + asnDb);
    }
    if ((domains == null) == (retryFailed == null)) {
      throw new IllegalArgumentException("Give either --domains FILE or --retry-failed SCAN_ID");
    }
    List<ResolverSettings.Server> servers =
        resolvers == null ? ResolverList.system() : ResolverList.parse(resolvers);
    String id = scanId != null ? scanId : SCAN_ID.format(ZonedDateTime.now(ZoneOffset.UTC));
    io.mailsov.store.Warehouse.checkScanId(id);
    CatalogueFile cat = CatalogueFile.read(catalogue);

    ResolverSettings resolver =
        new ResolverSettings(
            servers,
            settings.get(Settings.RESOLVER_TIMEOUT),
            // A --timeout below the floor lowers the floor with it.
            min(
                settings.get(Settings.RESOLVER_MIN_TIMEOUT),
                settings.get(Settings.RESOLVER_TIMEOUT)),
            settings.get(Settings.RESOLVER_RETRIES),
            settings.get(Settings.RESOLVER_IN_FLIGHT),
            settings.get(Settings.RESOLVER_CACHE_SIZE),
            settings.get(Settings.RESOLVER_EDNS_PAYLOAD),
            settings.get(Settings.RESOLVER_RATE_LIMIT));
    ProbeSettings probe =
        new ProbeSettings(
            resolver,
            cc,
            cat.text(),
            cat.source(),
            asnDb,
            settings.get(Settings.PROBE_DOMAIN_WINDOW),
            signals.equals("all"));
    Map<String, Object> recorded = new LinkedHashMap<>();
    recorded.put("resolvers", servers.stream().map(Object::toString).toList());
    recorded.put("country", cc);
    recorded.put("signals", signals);
    recorded.put("format", tableFormat.sparkName());
    recorded.put("catalogue", cat.source());
    // The selectors asked, so that a later reclassify asks its replay for the same ones.
    recorded.put(
        "dkim_selectors",
        io.mailsov.classify.Catalogue.fromYaml(cat.text(), cat.source()).dkimSelectors());
    recorded.put("asn_db", asnDb);
    settings.asMap().forEach((k, v) -> recorded.put(k, String.valueOf(v)));
    String app = "mailsov scan " + (retryFailed != null ? "--retry-failed " + retryFailed : id);
    SparkSession spark = Sessions.create(app, common.master, common.verbose);
    if (asnDb != null && asnDb.contains("://")) {
      spark.sparkContext().addFile(asnDb);
    }
    if (retryFailed != null) {
      var statuses = new ScanJob(spark, System.out).retryFailed(warehouse, retryFailed, probe);
      System.out.println("retried scan " + retryFailed + ": " + statuses);
      return 0;
    }
    ScanRequest request =
        new ScanRequest(
            domains,
            warehouse,
            id,
            tableFormat,
            probe,
            settings.get(Settings.SCAN_DOMAINS_PER_PARTITION),
            new ObjectMapper().writeValueAsString(recorded),
            keepObservations);

    ScanSummary summary = new ScanJob(spark, System.out).run(request);
    System.out.print(summary.render());
    return 0;
  }

  private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static TableFormat parseFormat(String text) {
    try {
      return TableFormat.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid --format '" + text + "': use delta or parquet");
    }
  }

  /** Built-in defaults, then the settings file, then the options given on this command line. */
  private Settings effectiveSettings() {
    Path file = conf != null ? conf : Home.confFile("mailsov.properties").orElse(null);
    if (conf != null && !Files.isRegularFile(conf)) {
      throw new IllegalArgumentException("Cannot read --conf " + conf + ": no such file");
    }
    Settings s = file == null ? Settings.defaults() : Settings.load(file);
    s = override(s, "--timeout", Settings.RESOLVER_TIMEOUT, timeout);
    s = override(s, "--retries", Settings.RESOLVER_RETRIES, retries);
    s = override(s, "--in-flight", Settings.RESOLVER_IN_FLIGHT, inFlight);
    s = override(s, "--cache-size", Settings.RESOLVER_CACHE_SIZE, cacheSize);
    s = override(s, "--rate-limit", Settings.RESOLVER_RATE_LIMIT, rateLimit);
    s =
        override(
            s, "--domains-per-partition", Settings.SCAN_DOMAINS_PER_PARTITION, domainsPerPartition);
    return s;
  }

  /**
   * Applies an option given on the command line, parsed and validated by its key exactly as a value
   * in the settings file would be.
   */
  private <T> Settings override(Settings s, String option, ConfigKey<T> key, Object given) {
    if (!spec.commandLine().getParseResult().hasMatchedOption(option)) {
      return s;
    }
    return s.with(key, key.parse(String.valueOf(given), "option " + option));
  }
}

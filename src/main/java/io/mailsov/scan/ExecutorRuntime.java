package io.mailsov.scan;

import io.mailsov.asn.AsnDatabase;
import io.mailsov.classify.Catalogue;
import io.mailsov.classify.Classifier;
import io.mailsov.dns.Resolver;
import io.mailsov.probe.MailProbe;
import io.mailsov.probe.ProbePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-JVM state of an executor: one resolver with its cache, one classifier, one ASN table,
 * shared by every task the executor runs. Built on first use from the settings the task carries;
 * never serialised.
 *
 * <p>Known shortcoming: runtimes are never closed. A JVM that runs many scans with different
 * settings (tests, a long-lived local session) keeps one resolver per settings, each with its
 * sockets and five threads, until it exits. Executors of a submitted job run one scan and exit, so
 * the cost shows only in embedded use.
 */
final class ExecutorRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorRuntime.class);
  private static final Map<ProbeSettings, ExecutorRuntime> RUNTIMES = new ConcurrentHashMap<>();
  private static final java.util.concurrent.atomic.AtomicInteger BUILT =
      new java.util.concurrent.atomic.AtomicInteger();

  final Resolver resolver;
  final Catalogue catalogue;
  final MailProbe probe;
  final Classifier classifier;

  private ExecutorRuntime(ProbeSettings settings) {
    long started = System.nanoTime();
    BUILT.incrementAndGet();
    this.catalogue = Catalogue.fromYaml(settings.catalogueYaml(), settings.catalogueSource());
    AsnDatabase asn = loadAsn(settings.asnDatabase());
    this.resolver = Resolver.create(settings.resolver());
    this.classifier = new Classifier(catalogue, settings.country());
    ProbePlan plan =
        settings.allSignals() ? ProbePlan.all(catalogue.dkimSelectors()) : ProbePlan.MX_ONLY;
    this.probe =
        new MailProbe(resolver, ip -> io.mailsov.observe.Replayer.annotated(asn, ip), plan);
    LOG.info(
        "Built executor resolver in {} ms: servers {}, {} in flight, cache {} entries,"
            + " catalogue {} ({} providers), ASN ranges {}, signals {}",
        (System.nanoTime() - started) / 1_000_000,
        settings.resolver().servers(),
        settings.resolver().maxInFlight(),
        settings.resolver().cacheSize(),
        catalogue.version(),
        catalogue.providers().size(),
        asn.size(),
        plan.allSignals() ? "all (DKIM selectors " + plan.dkimSelectors() + ")" : "mx");
  }

  static int built() {
    return BUILT.get();
  }

  static ExecutorRuntime get(ProbeSettings settings) {
    return RUNTIMES.computeIfAbsent(settings, ExecutorRuntime::new);
  }

  static AsnDatabase loadAsn(String location) {
    if (location == null) {
      return AsnDatabase.empty();
    }
    Path path = Path.of(location);
    if (!Files.exists(path)) {
      // On a cluster the driver ships the file with addFile; executors find it by name.
      path = Path.of(SparkFiles.get(path.getFileName().toString()));
    }
    return AsnDatabase.load(path);
  }
}

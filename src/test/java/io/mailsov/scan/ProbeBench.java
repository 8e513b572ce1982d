package io.mailsov.scan;

import io.mailsov.classify.Verdict;
import io.mailsov.dns.ResolverSettings;
import io.mailsov.store.Tables;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor side of a scan without Spark, run by {@code bench/probe}: domains through one
 * executor runtime (resolver, cache, probe, classifier) on T threads as T tasks would, each with
 * the scan's window, up to a level: {@code probe} (DNS only), {@code classify}, or {@code rows}
 * (the result row with its observations, as a task hands it to Spark). Prints wall time, rates and
 * the JVM's CPU time per pass; later passes run with the JIT warm and the shared names cached. Not
 * a test.
 *
 * <p>Arguments: names file (one domain per line), server port, count, mx|all, level, threads,
 * catalogue file. System properties: {@code passes} (default 1), {@code inflight} (2000).
 */
public final class ProbeBench {
  public static void main(String[] args) throws Exception {
    Path names = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    boolean all = args[3].equals("all");
    String level = args[4];
    int threads = Integer.parseInt(args[5]);
    List<String> domains = new ArrayList<>();
    try (var lines = Files.lines(names)) {
      lines.limit(count).forEach(domains::add);
    }
    String catalogue = Files.readString(Path.of(args[6]));
    ResolverSettings resolver =
        new ResolverSettings(
            List.of(new ResolverSettings.Server("127.0.0.1", port)),
            Duration.ofMillis(1500),
            Duration.ofMillis(100),
            8,
            Integer.getInteger("inflight", 2000),
            200_000,
            1232,
            0);
    ProbeSettings settings = new ProbeSettings(resolver, "NL", catalogue, args[6], null, 500, all);
    ExecutorRuntime runtime = ExecutorRuntime.get(settings);
    ResultRows stamp = new ResultRows("bench", 0, "v", "h");
    for (int pass = 1; pass <= Integer.getInteger("passes", 1); pass++) {
      run(pass, runtime, stamp, domains, all, level, threads);
    }
    System.exit(0);
  }

  private static void run(
      int pass,
      ExecutorRuntime runtime,
      ResultRows stamp,
      List<String> domains,
      boolean all,
      String level,
      int threads)
      throws Exception {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var before = runtime.resolver.stats().snapshot();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    AtomicLong sink = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<String> mine =
          domains.subList(t * domains.size() / threads, (t + 1) * domains.size() / threads);
      Thread w =
          new Thread(
              () -> {
                scala.Function1<Object, Object> toCatalyst =
                    org.apache.spark.sql.catalyst.CatalystTypeConverters.createToCatalystConverter(
                        Tables.DOMAIN_RESULT);
                long line = 0;
                List<ResultRows.Input> inputs = new ArrayList<>();
                for (String d : mine) {
                  inputs.add(new ResultRows.Input(++line, d, d, null, "org", "sector", "NL"));
                }
                var it =
                    new WindowedIterator<ResultRows.Input, Object>(
                        inputs.iterator(),
                        500,
                        in ->
                            runtime
                                .probe
                                .probe(in.domain())
                                .thenApply(
                                    p -> {
                                      if (level.equals("probe")) {
                                        return p;
                                      }
                                      Verdict v = runtime.classifier.classify(p.observation());
                                      if (level.equals("classify")) {
                                        return v;
                                      }
                                      return stamp.scannedInternal(
                                          in,
                                          p.observation(),
                                          v,
                                          p.lastAnswerAt(Instant.EPOCH),
                                          p.questions(),
                                          toCatalyst);
                                    }),
                        (in, e) -> e);
                while (it.hasNext()) {
                  if (it.next() != null) {
                    sink.incrementAndGet();
                  }
                }
              });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    var after = runtime.resolver.stats().snapshot();
    long sent = after.sent() - before.sent();
    long retries = after.retries() - before.retries();
    System.out.printf(
        "pass %d: %s, level %s, %d threads: %,d domains in %.2f s = %,.0f domains/s, %,.0f"
            + " queries/s; JVM CPU %.1f s = %.0f µs/domain, %.0f µs/query; %,d queries, %,d retries%n",
        pass,
        all ? "all" : "mx",
        level,
        threads,
        sink.get(),
        wall,
        sink.get() / wall,
        sent / wall,
        cpu,
        cpu * 1e6 / sink.get(),
        cpu * 1e6 / sent,
        sent,
        retries);
  }
}

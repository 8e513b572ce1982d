package io.mailsov.scan;

import java.util.Map;

/**
 * What a finished scan reports: the row of {@code scans} plus the status counts.
 *
 * @param statuses result rows per status label, in descending count
 * @param inputSeconds reading, validating and deduplicating the input (Spark start-up excluded)
 * @param resolveSeconds the resolution stage and the writing of the tables after it
 * @param resolutionSeconds the part of {@code resolveSeconds} until every domain was resolved and
 *     its answers staged; the rest wrote the tables from the staged answers and committed them.
 *     {@code NaN} when there was no staging (answers not kept): the tasks that resolved the domains
 *     wrote the result table as they went, and the two cannot be told apart
 * @param recordSeconds accounting check and the {@code scans} commit
 * @param peakHeapBytes the driver JVM's peak heap use (in local mode also the executors')
 */
public record ScanSummary(
    String scanId,
    long inputRows,
    long results,
    long rejects,
    Map<String, Long> statuses,
    io.mailsov.probe.QueryCounts queries,
    double inputSeconds,
    double resolveSeconds,
    double resolutionSeconds,
    double recordSeconds,
    double totalSeconds,
    long peakHeapBytes) {

  public double domainsPerSecond() {
    return resolveSeconds > 0 ? results / resolveSeconds : 0;
  }

  public String render() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("scan %s%n", scanId));
    s.append(
        String.format(
            "  input rows %,d = results %,d + rejects %,d%n", inputRows, results, rejects));
    s.append("  statuses  ");
    statuses.forEach((k, v) -> s.append(String.format(" %s %,d", k, v)));
    s.append(System.lineSeparator());
    s.append(
        String.format(
            "  queries %,d, cache hits %,d, retries %,d, timeouts %,d, TCP fallbacks %,d%n",
            queries.sent(),
            queries.cacheHits(),
            queries.retries(),
            queries.timeouts(),
            queries.tcpFallbacks()));
    s.append("  replies  ");
    queries.byRcode().forEach((k, v) -> s.append(String.format(" %s %,d", k, v)));
    s.append(System.lineSeparator());
    s.append(
        String.format(
            "  resolved %,d domains in %.1f s (%,.0f domains/s, %,.0f queries/s); total %.1f s%n",
            results,
            resolveSeconds,
            domainsPerSecond(),
            resolveSeconds > 0 ? queries.sent() / resolveSeconds : 0,
            totalSeconds));
    String split =
        Double.isNaN(resolutionSeconds)
            ? "resolved and written in one pass"
            : String.format(
                "resolution %.1f s, tables %.1f s",
                resolutionSeconds, resolveSeconds - resolutionSeconds);
    s.append(
        String.format(
            "  timings: input %.1f s, resolve and write %.1f s (%s), accounting and commit %.1f s;"
                + " peak heap %,d MiB%n",
            inputSeconds, resolveSeconds, split, recordSeconds, peakHeapBytes >> 20));
    return s.toString();
  }
}

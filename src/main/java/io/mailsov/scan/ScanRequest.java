package io.mailsov.scan;

import io.mailsov.store.TableFormat;
import java.util.Objects;

/**
 * One scan, as the command line (or a caller of the API) asks for it.
 *
 * @param input the domain list (CSV, TSV, txt or Parquet; any Hadoop file system path)
 * @param warehouse the warehouse directory
 * @param scanId the scan id; rerunning an id replaces that scan
 * @param format how tables are stored
 * @param probe what the executors need
 * @param domainsPerPartition domains per Spark partition when probing
 * @param settingsJson the effective settings, recorded in {@code scans.settings}
 * @param keepObservations whether to write every answer to {@code dns_observations}, so that the
 *     scan can be classified again later without DNS traffic
 */
public record ScanRequest(
    String input,
    String warehouse,
    String scanId,
    TableFormat format,
    ProbeSettings probe,
    int domainsPerPartition,
    String settingsJson,
    boolean keepObservations) {
  public ScanRequest {
    Objects.requireNonNull(input, "input is null");
    Objects.requireNonNull(warehouse, "warehouse is null");
    Objects.requireNonNull(scanId, "scanId is null");
    Objects.requireNonNull(format, "format is null");
    Objects.requireNonNull(probe, "probe is null");
    Objects.requireNonNull(settingsJson, "settingsJson is null");
    if (domainsPerPartition < 1) {
      throw new IllegalArgumentException(
          "domainsPerPartition must be >= 1, was " + domainsPerPartition);
    }
  }
}

package io.mailsov.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The rules a recorded scan is classified again with, by {@code reclassify} and {@code explain}: a
 * provider catalogue and an ASN table. The ASN table defaults to the one the scan used, so that
 * only what the user names changes.
 */
final class ReplayOptions {
  /** The {@code --asn-db} value that turns AS data off. */
  static final String NO_ASN = "none";

  @Option(names = "--catalogue", paramLabel = "FILE", description = CatalogueFile.OPTION_HELP)
  Path catalogue;

  @Option(
      names = "--asn-db",
      paramLabel = "FILE|none",
      description =
          "ip2asn TSV to name the networks of addresses (default: the one the scan used, if it"
              + " can still be read; 'none' for no AS data)")
  String asnDb;

  /** The catalogue's text; validated by whoever parses it. */
  CatalogueFile catalogueFile() throws IOException {
    return CatalogueFile.read(catalogue);
  }

  /** Whether the user turned AS data off. */
  boolean noAsn() {
    return NO_ASN.equals(asnDb);
  }

  /** The ASN table the user named, or {@code null} for the scan's own (or none). */
  String namedAsnDb() {
    return asnDb == null || noAsn() ? null : asnDb;
  }

  /**
   * Fails before Spark starts when the user named a local ASN table that cannot be read; a URI
   * (hdfs://, s3a://) is left to the executors' file system.
   */
  void checkReadable() {
    String named = namedAsnDb();
    if (named != null && !named.contains("://") && !Files.isReadable(Path.of(named))) {
      throw new IllegalArgumentException("Cannot read --asn-db " + named);
    }
  }
}

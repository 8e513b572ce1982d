package io.mailsov.store;

import java.util.Locale;

/** How the warehouse stores its tables. */
public enum TableFormat {
  /** Delta Lake: atomic replacement of a scan, time travel, readers see whole commits. */
  DELTA,
  /** Plain Parquet, one folder per scan id; for engines that cannot read Delta. */
  PARQUET;

  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

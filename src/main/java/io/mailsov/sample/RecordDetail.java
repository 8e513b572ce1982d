package io.mailsov.sample;

/** Which of a sample world's records a zone file gets. */
public enum RecordDetail {
  /**
   * Only what an MX-only scan reads: MX records, the addresses of the exchanges and the apex A of
   * domains without MX. A 6,000,000-domain world stays near 1 GB of zone files this way.
   */
  MAIL_ONLY,
  /** Everything, including SPF, verification TXT, DKIM, DMARC, autodiscover, apex A and www. */
  ALL
}

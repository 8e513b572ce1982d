package io.mailsov.sample;

/**
 * Receives a sample world's records one at a time, so that a world of millions of domains can be
 * written without holding its records.
 */
interface RecordSink {
  /**
   * Adds one record of class IN with the sample's TTL.
   *
   * @param owner absolute owner name without the trailing dot, lower-case
   * @param type an {@link org.xbill.DNS.Type} code
   * @param rdata the record data in master-file syntax (RFC 1035 section 5.1), names absolute
   */
  void add(String owner, int type, String rdata);
}

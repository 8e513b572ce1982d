package io.mailsov.asn;

import java.io.Serializable;

/**
 * The network that announces an address.
 *
 * @param asn the origin AS number, positive
 * @param country the ISO 3166 country of the AS registration, or {@code null} when the database has
 *     none
 * @param name the AS description, or {@code null} when the database has none
 */
public record AsnInfo(long asn, String country, String name) implements Serializable {
  /** AS numbers are 32-bit unsigned (RFC 6793); 0 is reserved and means "not routed" here. */
  static final long MAX_ASN = 0xFFFF_FFFFL;

  public AsnInfo {
    if (asn <= 0 || asn > MAX_ASN) {
      throw new IllegalArgumentException("Invalid AS number " + asn);
    }
  }
}

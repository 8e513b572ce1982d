package io.mailsov.probe;

import java.util.Objects;

/**
 * One address of an MX host, with the network that announces it when an ASN database was given.
 *
 * @param ip the address in its canonical text form
 * @param asn the origin AS number, or {@code null} when unknown
 * @param asName the AS description, or {@code null}
 * @param country the ISO 3166 country of the AS registration, or {@code null}
 */
public record HostAddress(String ip, Long asn, String asName, String country) {
  public HostAddress {
    Objects.requireNonNull(ip, "ip is null");
  }

  public static HostAddress unannotated(String ip) {
    return new HostAddress(ip, null, null, null);
  }
}

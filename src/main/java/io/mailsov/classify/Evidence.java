package io.mailsov.classify;

import java.util.Objects;

/**
 * One observation that speaks for (or about) a provider.
 *
 * @param signal where it came from: {@code mx}, {@code mx_cname}, {@code mx_asn}, {@code
 *     implicit_mx}, …
 * @param provider the catalogue id it points at, or {@code null} for a neutral note
 * @param weight how much it counts, 0–100
 * @param detail the DNS data behind it, as text
 */
public record Evidence(String signal, String provider, int weight, String detail) {
  public Evidence {
    Objects.requireNonNull(signal, "signal is null");
    Objects.requireNonNull(detail, "detail is null");
  }
}

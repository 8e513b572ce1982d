package io.mailsov.probe;

import java.util.List;
import java.util.Objects;

/**
 * One MX record of a domain and what its exchange name resolved to.
 *
 * @param preference the MX preference (lower is tried first, RFC 5321 section 5.1)
 * @param host the exchange name, lower-case, without the trailing dot
 * @param cnameChain the names the exchange's address lookups were redirected through, in order (RFC
 *     2181 section 10.3 forbids an MX target to be an alias, but real zones do it)
 * @param addresses A and AAAA addresses of the end of the chain
 */
public record MxHost(
    int preference, String host, List<String> cnameChain, List<HostAddress> addresses) {
  public MxHost {
    Objects.requireNonNull(host, "host is null");
    cnameChain = List.copyOf(cnameChain);
    addresses = List.copyOf(addresses);
  }
}

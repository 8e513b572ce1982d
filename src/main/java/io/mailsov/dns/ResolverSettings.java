package io.mailsov.dns;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an executor's resolver talks to the DNS. Serialisable so the driver can hand it to the
 * executors, which build their own resolver from it.
 *
 * @param servers the recursive resolvers (or, in tests, authoritative servers) to ask, rotated
 * @param timeout how long to wait for one attempt at most, and before the first reply
 * @param minTimeout the shortest wait the adaptive timeout may choose (see RttEstimator)
 * @param retries further attempts after the first, each on the next server
 * @param maxInFlight questions in flight per executor at once; more wait in a queue
 * @param cacheSize entries in the per-executor cache of shared names
 * @param ednsPayload the EDNS0 UDP payload size we advertise (RFC 6891; 1232 avoids IP
 *     fragmentation, as DNS Flag Day 2020 recommends)
 * @param rateLimit queries per second per server, 0 for no limit
 */
public record ResolverSettings(
    List<Server> servers,
    Duration timeout,
    Duration minTimeout,
    int retries,
    int maxInFlight,
    long cacheSize,
    int ednsPayload,
    int rateLimit)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public ResolverSettings {
    servers = List.copyOf(servers);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("at least one resolver is needed");
    }
    Objects.requireNonNull(timeout, "timeout is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    Objects.requireNonNull(minTimeout, "minTimeout is null");
    if (minTimeout.isNegative() || minTimeout.isZero() || minTimeout.compareTo(timeout) > 0) {
      throw new IllegalArgumentException(
          "minTimeout must be positive and at most timeout, was " + minTimeout);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, was " + retries);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must be >= 0, was " + cacheSize);
    }
    if (ednsPayload < 512 || ednsPayload > 65535) {
      throw new IllegalArgumentException("ednsPayload must be 512-65535, was " + ednsPayload);
    }
    if (rateLimit < 0) {
      throw new IllegalArgumentException("rateLimit must be >= 0, was " + rateLimit);
    }
  }

  /** A resolver's address, kept as text so that the record stays serialisable and comparable. */
  public record Server(String host, int port) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Server {
      Objects.requireNonNull(host, "host is null");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1-65535, was " + port);
      }
    }

    public InetSocketAddress socketAddress() {
      return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
      return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
  }
}

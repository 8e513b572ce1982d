package io.mailsov.dns;

import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Name;

/**
 * Where a probe gets its answers: the executor's {@link Resolver} during a scan, or the answers a
 * scan recorded when it is classified again without sending a packet. Every future completes
 * normally; failures are outcomes of the {@link DnsAnswer}.
 */
public interface Lookup {
  /** Asks a question that only one domain will ask (its own MX, say). */
  CompletableFuture<DnsAnswer> lookup(Name name, int type);

  /** Asks a question many domains share, which an implementation may answer from a cache. */
  CompletableFuture<DnsAnswer> lookupShared(Name name, int type);
}

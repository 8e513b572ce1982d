package io.mailsov.dns;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * One executor's resolver: asks questions through a {@link DnsClient} and keeps a bounded cache of
 * the answers for names many domains share (MX hosts' addresses and aliases).
 *
 * <p>Concurrent questions for the same shared name wait on one query. Negative answers (NXDOMAIN,
 * NODATA) are cached like positive ones (RFC 2308); failures (timeouts, SERVFAIL, unreadable
 * replies) are not, so a later domain gets a fresh chance.
 */
public final class Resolver implements Lookup, AutoCloseable {
  private final ResolverSettings settings;
  private final ResolverStats stats = new ResolverStats();
  private final DnsClient client;
  private final AsyncCache<Key, DnsAnswer> shared;

  private record Key(Name name, int type) {}

  private Resolver(ResolverSettings settings) {
    this.settings = settings;
    this.client = new DnsClient(settings, stats);
    this.shared =
        Caffeine.newBuilder()
            .maximumSize(settings.cacheSize())
            // A scan is short next to real TTLs; the bound only keeps a long-lived executor fresh.
            .expireAfterWrite(Duration.ofHours(1))
            // Upkeep (eviction, expiry) runs on the completion thread that caused it: handing it
            // to the common pool woke a pool thread for a few microseconds of work, tens of
            // thousands of times a second.
            .executor(Runnable::run)
            .buildAsync();
  }

  public static Resolver create(ResolverSettings settings) {
    return new Resolver(settings);
  }

  public ResolverSettings settings() {
    return settings;
  }

  public ResolverStats stats() {
    return stats;
  }

  /** Asks a question that only one domain will ask (its own MX, say): never cached. */
  @Override
  public CompletableFuture<DnsAnswer> lookup(Name name, int type) {
    return client.query(name, type);
  }

  /**
   * Asks a question many domains share. The answer of a cache hit, or of a query another caller
   * already started, reports zero attempts.
   */
  @Override
  public CompletableFuture<DnsAnswer> lookupShared(Name name, int type) {
    Key key = new Key(name, type);
    AtomicBoolean started = new AtomicBoolean();
    CompletableFuture<DnsAnswer> answer =
        shared.get(
            key,
            (k, executor) -> {
              started.set(true);
              return client.query(k.name(), k.type());
            });
    if (!started.get()) {
      stats.cacheHits.increment();
      return answer.thenApply(DnsAnswer::asCacheHit);
    }
    return answer.whenComplete(
        (a, e) -> {
          if (a != null && !isCacheable(a)) {
            shared.asMap().remove(key, answer);
          }
        });
  }

  private static boolean isCacheable(DnsAnswer a) {
    return a.outcome() == DnsAnswer.Outcome.REPLY
        && (a.rcode() == Rcode.NOERROR || a.rcode() == Rcode.NXDOMAIN);
  }

  @Override
  public String toString() {
    return "Resolver(servers "
        + settings.servers()
        + ", "
        + settings.maxInFlight()
        + " in flight, cache "
        + settings.cacheSize()
        + ")";
  }

  @Override
  public void close() {
    client.close();
  }
}

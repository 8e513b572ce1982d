package io.mailsov.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends questions to the configured servers without a thread per question: {@link UdpEngine} does
 * the UDP I/O, this class adds the in-flight window, per-server rate limits, server rotation,
 * retries, and TCP when a reply is truncated (RFC 7766 section 5).
 */
final class DnsClient implements AutoCloseable {
  /** Threads that run completions (probe steps, classification) off the I/O thread. */
  private static final int COMPLETION_THREADS = 2;

  /** UDP sockets per executor; questions are spread over them. */
  private static final int SOCKETS = 4;

  private final List<Target> servers;
  private final RetryPolicy retryPolicy;
  private final ResolverStats stats;
  private final int maxInFlight;
  private final long maxTimeoutNanos;
  private final int ednsPayload;
  private final UdpEngine udp;
  private final ExecutorService completions;
  private final ScheduledExecutorService timer;
  private final AtomicInteger rotation = new AtomicInteger();

  private final Object lock = new Object();

  /**
   * Questions waiting for an in-flight slot. This class puts no bound on it: what bounds it is the
   * caller, the probe, which keeps a fixed window of domains in flight per task, each asking a
   * bounded number of questions at once (MailProbe caps the exchanges, CNAME hops and SPF look-ups
   * it follows).
   */
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();

  private int inFlight;

  /** A server with its TCP client and its rate limit. */
  private record Target(
      ResolverSettings.Server server,
      java.net.InetSocketAddress address,
      SimpleResolver tcp,
      RateLimit rate,
      RttEstimator rtt) {}

  DnsClient(ResolverSettings settings, ResolverStats stats) {
    this.retryPolicy = new RetryPolicy(settings.retries(), Duration.ofMillis(50));
    this.maxTimeoutNanos = settings.timeout().toNanos();
    this.stats = stats;
    this.maxInFlight = settings.maxInFlight();
    this.ednsPayload = settings.ednsPayload();
    this.completions = Executors.newFixedThreadPool(COMPLETION_THREADS, daemon("mailsov-dns"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("mailsov-dns-timer"));
    this.servers = settings.servers().stream().map(s -> target(s, settings)).toList();
    try {
      this.udp = new UdpEngine(SOCKETS, completions, stats.stray);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open DNS sockets: " + e.getMessage(), e);
    }
  }

  private static Target target(ResolverSettings.Server server, ResolverSettings s) {
    java.net.InetSocketAddress address = server.socketAddress();
    SimpleResolver tcp = new SimpleResolver(address);
    tcp.setTCP(true);
    tcp.setTimeout(s.timeout().multipliedBy(2));
    RttEstimator rtt = new RttEstimator(s.minTimeout().toNanos(), s.timeout().toNanos());
    return new Target(server, address, tcp, new RateLimit(s.rateLimit()), rtt);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Asks one question; the future always completes normally, failures become outcomes. */
  CompletableFuture<DnsAnswer> query(Name name, int type) {
    CompletableFuture<DnsAnswer> result = new CompletableFuture<>();
    attempt(name, type, 1, rotation.getAndIncrement(), result);
    return result;
  }

  private void attempt(
      Name name, int type, int attempt, int serverIndex, CompletableFuture<DnsAnswer> result) {
    Target target = servers.get(Math.floorMod(serverIndex, servers.size()));
    withPermit(() -> send(target, name, type, attempt))
        .whenComplete(
            (answer, error) -> {
              DnsAnswer a =
                  (answer != null ? answer : unexpected(name, type, error, attempt))
                      .from(target.server().toString());
              if (retryPolicy.shouldRetry(a, attempt, servers.size())) {
                stats.retries.increment();
                long delay = retryPolicy.backoffMillis(attempt);
                timer.schedule(
                    () -> attempt(name, type, attempt + 1, serverIndex + 1, result),
                    delay,
                    TimeUnit.MILLISECONDS);
                return;
              }
              countFinal(a);
              result.complete(a);
            });
  }

  private void countFinal(DnsAnswer a) {
    switch (a.outcome()) {
      case REPLY -> stats.answered.increment();
      case TIMEOUT -> stats.timeouts.increment();
      case INVALID -> stats.invalid.increment();
    }
  }

  private CompletableFuture<DnsAnswer> send(Target target, Name name, int type, int attempt) {
    long wait = target.rate().reserveNanos();
    if (wait > 0) {
      CompletableFuture<DnsAnswer> later = new CompletableFuture<>();
      timer.schedule(
          () -> sendNow(target, name, type, attempt).whenComplete((a, e) -> later.complete(a)),
          wait,
          TimeUnit.NANOSECONDS);
      return later;
    }
    return sendNow(target, name, type, attempt);
  }

  /** A reply and whether TCP was needed for it. */
  private record Received(Message message, boolean tcp) {}

  private CompletableFuture<DnsAnswer> sendNow(Target target, Name name, int type, int n) {
    Message query = newQuery(name, type);
    stats.sent.increment();
    long timeout = RetryPolicy.attemptTimeoutNanos(target.rtt().timeoutNanos(), maxTimeoutNanos, n);
    return udp.send(query, target.address(), timeout)
        .thenCompose(
            timed -> {
              Message reply = timed.message();
              if (n == 1) {
                target.rtt().sample(timed.rttNanos());
              }
              if (!reply.getHeader().getFlag(Flags.TC)) {
                return CompletableFuture.completedFuture(new Received(reply, false));
              }
              stats.tcpFallbacks.increment();
              return target
                  .tcp()
                  .sendAsync(newQuery(name, type), completions)
                  .toCompletableFuture()
                  .thenApply(m -> new Received(m, true));
            })
        .handle((received, error) -> toAnswer(name, type, received, error, n));
  }

  private Message newQuery(Name name, int type) {
    Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN));
    query.getHeader().setFlag(Flags.RD);
    // RFC 6891: advertise our buffer so that large RRsets come over UDP when they fit.
    query.addRecord(new OPTRecord(ednsPayload, 0, 0), Section.ADDITIONAL);
    return query;
  }

  private static DnsAnswer toAnswer(
      Name name, int type, Received received, Throwable error, int attempts) {
    if (error != null) {
      return unexpected(name, type, error, attempts);
    }
    Message reply = received.message();
    if (reply.getHeader().getFlag(Flags.TC)) {
      return DnsAnswer.failure(
          name, type, DnsAnswer.Outcome.INVALID, "truncated even over TCP", attempts);
    }
    org.xbill.DNS.Record q = reply.getQuestion();
    if (q == null || !q.getName().equals(name) || q.getType() != type) {
      return DnsAnswer.failure(
          name, type, DnsAnswer.Outcome.INVALID, "reply for another question", attempts);
    }
    return DnsAnswer.reply(
        name, type, reply.getRcode(), reply.getSection(Section.ANSWER), attempts, received.tcp());
  }

  private static DnsAnswer unexpected(Name name, int type, Throwable error, int attempts) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
      return DnsAnswer.failure(name, type, DnsAnswer.Outcome.TIMEOUT, "no reply", attempts);
    }
    // ICMP port unreachable: nothing answers there, which is no reply rather than a bad one.
    if (cause instanceof java.net.PortUnreachableException
        || cause instanceof java.net.ConnectException) {
      return DnsAnswer.failure(
          name, type, DnsAnswer.Outcome.TIMEOUT, "no reply: port unreachable", attempts);
    }
    // Wire-format errors and socket errors: the reply cannot be used.
    String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return DnsAnswer.failure(name, type, DnsAnswer.Outcome.INVALID, detail, attempts);
  }

  /**
   * Runs {@code task} when fewer than {@code maxInFlight} questions are outstanding, otherwise
   * queues it. Never blocks: callers include the completion threads.
   */
  private CompletableFuture<DnsAnswer> withPermit(Supplier<CompletableFuture<DnsAnswer>> task) {
    CompletableFuture<DnsAnswer> done = new CompletableFuture<>();
    Runnable start =
        () ->
            task.get()
                .whenComplete(
                    (a, e) -> {
                      release();
                      if (e != null) {
                        done.completeExceptionally(e);
                      } else {
                        done.complete(a);
                      }
                    });
    boolean runNow;
    synchronized (lock) {
      runNow = inFlight < maxInFlight;
      if (runNow) {
        inFlight++;
      } else {
        waiting.add(start);
      }
    }
    if (runNow) {
      start.run();
    }
    return done;
  }

  private void release() {
    Runnable next;
    synchronized (lock) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  @Override
  public void close() {
    udp.close();
    timer.shutdownNow();
    completions.shutdownNow();
  }
}

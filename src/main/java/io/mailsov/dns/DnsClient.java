package io.mailsov.dns;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends questions to the configured servers without a thread per question: dnsjava's non-blocking
 * client does the I/O, this class adds the in-flight window, server rotation and retries.
 */
final class DnsClient implements AutoCloseable {
  private final List<SimpleResolver> servers;
  private final RetryPolicy retryPolicy;
  private final ResolverStats stats;
  private final int maxInFlight;
  private final ScheduledExecutorService timer;
  private final java.util.concurrent.ExecutorService callbacks;
  private final AtomicInteger rotation = new AtomicInteger();

  private static final int CALLBACK_THREADS = 4;

  private final Object lock = new Object();
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  DnsClient(ResolverSettings settings, ResolverStats stats) {
    this.servers = settings.servers().stream().map(s -> newResolver(s, settings)).toList();
    this.retryPolicy = new RetryPolicy(settings.retries(), Duration.ofMillis(20));
    this.stats = stats;
    this.maxInFlight = settings.maxInFlight();
    // dnsjava runs its send path and completions on the executor it is given (the common pool
    // by default, one thread on a 2-core machine): measured 5x faster with a pool of our own.
    this.callbacks =
        Executors.newFixedThreadPool(
            CALLBACK_THREADS,
            r -> {
              Thread t = new Thread(r, "mailsov-dns-io");
              t.setDaemon(true);
              return t;
            });
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mailsov-dns-retry");
              t.setDaemon(true);
              return t;
            });
  }

  private static SimpleResolver newResolver(ResolverSettings.Server server, ResolverSettings s) {
    SimpleResolver resolver = new SimpleResolver(server.socketAddress());
    resolver.setTimeout(s.timeout());
    // RFC 6891: advertise our buffer; dnsjava retries over TCP itself when TC is set.
    resolver.setEDNS(0, s.ednsPayload(), 0, List.of());
    return resolver;
  }

  /** Asks one question; the future always completes normally, failures become outcomes. */
  CompletableFuture<DnsAnswer> query(Name name, int type) {
    CompletableFuture<DnsAnswer> result = new CompletableFuture<>();
    attempt(name, type, 1, rotation.getAndIncrement(), result);
    return result;
  }

  private void attempt(
      Name name, int type, int attempt, int serverIndex, CompletableFuture<DnsAnswer> result) {
    SimpleResolver server = servers.get(Math.floorMod(serverIndex, servers.size()));
    withPermit(() -> send(server, name, type, attempt))
        .whenComplete(
            (answer, error) -> {
              DnsAnswer a = answer != null ? answer : unexpected(name, type, error, attempt);
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

  private CompletableFuture<DnsAnswer> send(SimpleResolver server, Name name, int type, int n) {
    org.xbill.DNS.Record question =
        org.xbill.DNS.Record.newRecord(name, type, org.xbill.DNS.DClass.IN);
    Message query = Message.newQuery(question);
    query.getHeader().setFlag(Flags.RD);
    stats.sent.increment();
    return server
        .sendAsync(query, callbacks)
        .toCompletableFuture()
        .handle((reply, error) -> toAnswer(name, type, reply, error, n));
  }

  private DnsAnswer toAnswer(Name name, int type, Message reply, Throwable error, int attempts) {
    if (error != null) {
      return unexpected(name, type, error, attempts);
    }
    if (reply.getHeader().getFlag(Flags.TC)) {
      // dnsjava already retried over TCP; a reply still marked TC is unusable.
      return DnsAnswer.failure(name, type, DnsAnswer.Outcome.INVALID, "truncated", attempts);
    }
    if (!matchesQuestion(reply, name, type)) {
      return DnsAnswer.failure(
          name, type, DnsAnswer.Outcome.INVALID, "reply for another question", attempts);
    }
    List<Record> answers = reply.getSection(Section.ANSWER);
    return DnsAnswer.reply(name, type, reply.getRcode(), answers, attempts);
  }

  private static boolean matchesQuestion(Message reply, Name name, int type) {
    org.xbill.DNS.Record q = reply.getQuestion();
    return q != null && q.getName().equals(name) && q.getType() == type;
  }

  private static DnsAnswer unexpected(Name name, int type, Throwable error, int attempts) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    // dnsjava reports its own timer as SocketTimeoutException; futures time out with the other.
    if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
      return DnsAnswer.failure(name, type, DnsAnswer.Outcome.TIMEOUT, "no reply", attempts);
    }
    // ICMP port unreachable: nothing answers there, which is no reply rather than a bad one.
    if (cause instanceof java.net.PortUnreachableException
        || cause instanceof java.net.ConnectException) {
      return DnsAnswer.failure(
          name, type, DnsAnswer.Outcome.TIMEOUT, "no reply: port unreachable", attempts);
    }
    // Wire-format errors, mismatched IDs and socket errors: the reply cannot be used.
    String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return DnsAnswer.failure(name, type, DnsAnswer.Outcome.INVALID, detail, attempts);
  }

  /**
   * Runs {@code task} when fewer than {@code maxInFlight} questions are outstanding, otherwise
   * queues it. Never blocks: callers include dnsjava's I/O thread.
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
    timer.shutdownNow();
    callbacks.shutdownNow();
  }
}

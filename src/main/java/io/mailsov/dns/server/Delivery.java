package io.mailsov.dns.server;

import io.mailsov.dns.server.QueryHandler.Replies;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends replies now or later, and counts queries in and answered; shared by both transports. */
final class Delivery {

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);

  /** Writes one message to the client a query came from. */
  @FunctionalInterface
  interface Sink {
    void send(byte[] message) throws IOException;
  }

  private final ScheduledExecutorService scheduler;
  private final LongAdder received = new LongAdder();
  private final LongAdder answered = new LongAdder();

  Delivery(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  void countReceived() {
    received.increment();
  }

  long received() {
    return received.sum();
  }

  long answered() {
    return answered.sum();
  }

  /**
   * Sends the replies in order. Delayed replies go through the scheduler, so that a slow answer
   * never holds up the receive loop.
   */
  void deliver(Replies replies, Sink sink) {
    if (replies.messages().isEmpty()) {
      return;
    }
    if (replies.delay().isZero()) {
      sendAll(replies, sink);
      return;
    }
    try {
      scheduler.schedule(
          () -> sendAll(replies, sink), replies.delay().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The server is closing; a reply that was never sent is what the client would see anyway.
      log.debug("Dropped a delayed reply: the server is closing");
    }
  }

  private void sendAll(Replies replies, Sink sink) {
    // Counted first, so that a client holding a reply also sees it counted.
    answered.increment();
    try {
      for (byte[] message : replies.messages()) {
        sink.send(message);
      }
    } catch (IOException e) {
      log.debug("Could not send a reply", e);
    }
  }
}

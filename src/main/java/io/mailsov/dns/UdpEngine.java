package io.mailsov.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.WireParseException;

/**
 * Non-blocking DNS over UDP for thousands of questions in flight: a few unconnected sockets, one
 * I/O thread that receives and expires, senders that write straight to the sockets.
 *
 * <p>A reply is accepted only when it comes from the server the question went to, on the socket it
 * left from, with the question's ID and the same question name and type (RFC 5452 section 9.1).
 * Anything else is a stray packet: counted and dropped, and the question keeps waiting for its real
 * answer. Each question gets a random 16-bit ID not in use on its socket; the sockets are bound to
 * ephemeral ports the system picks.
 *
 * <p>Deadlines wait in one priority queue that the I/O thread drains, so there is no timer per
 * packet. The replies and timeouts of one turn of the I/O loop are handed to the completion threads
 * in batches of up to {@link #BATCH}, not one task per packet: under load a turn reads hundreds of
 * replies, and waking a completion thread for each cost as much CPU as reading them.
 */
final class UdpEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UdpEngine.class);
  private static final int MAX_UDP = 65_535;

  /** Completions run by one task on a completion thread. */
  static final int BATCH = 32;

  private final List<Socket> sockets = new ArrayList<>();
  private final Selector selector;
  private final Thread ioThread;
  private final Executor completions;
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger nextSocket = new AtomicInteger();
  private final PriorityBlockingQueue<Pending> deadlines =
      new PriorityBlockingQueue<>(1024, java.util.Comparator.comparingLong(p -> p.deadline));
  private final LongAdder stray;
  private final LongAdder sendFailures = new LongAdder();
  private volatile boolean closed;

  /** One socket and the questions waiting on it, by message ID. */
  private record Socket(DatagramChannel channel, Map<Integer, Pending> pending) {}

  /** A question in flight. */
  private static final class Pending {
    final Socket socket;
    final int id;
    final Name name;
    final int type;
    final SocketAddress server;
    final long sentAt;
    final long deadline;
    final CompletableFuture<Reply> reply = new CompletableFuture<>();

    Pending(Socket socket, int id, Name name, int type, SocketAddress server, long timeout) {
      this.socket = socket;
      this.id = id;
      this.name = name;
      this.type = type;
      this.server = server;
      this.sentAt = System.nanoTime();
      this.deadline = sentAt + timeout;
    }
  }

  /** A matched reply and how long it took. */
  record Reply(Message message, long rttNanos) {}

  UdpEngine(int socketCount, Executor completions, LongAdder strayCounter) throws IOException {
    this.stray = strayCounter;
    this.completions = completions;
    this.selector = Selector.open();
    for (int i = 0; i < socketCount; i++) {
      DatagramChannel channel = DatagramChannel.open();
      channel.configureBlocking(false);
      // Large buffers absorb bursts of replies while the I/O thread is busy parsing.
      channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
      channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
      channel.bind(null);
      Socket socket = new Socket(channel, new ConcurrentHashMap<>());
      channel.register(selector, SelectionKey.OP_READ, socket);
      sockets.add(socket);
    }
    this.ioThread = new Thread(this::loop, "mailsov-dns-udp");
    ioThread.setDaemon(true);
    ioThread.start();
  }

  /**
   * Sends {@code query} (whose ID this method sets) to {@code server}. The future completes with
   * the matching reply, or exceptionally with {@link TimeoutException} after {@code timeoutNanos},
   * or with an I/O error.
   */
  CompletableFuture<Reply> send(Message query, InetSocketAddress server, long timeoutNanos) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException("engine closed"));
    }
    Socket socket = sockets.get(Math.floorMod(nextSocket.getAndIncrement(), sockets.size()));
    org.xbill.DNS.Record question = query.getQuestion();
    Pending p = register(socket, question.getName(), question.getType(), server, timeoutNanos);
    query.getHeader().setID(p.id);
    try {
      int sent = socket.channel().send(ByteBuffer.wrap(query.toWire()), server);
      if (sent == 0) {
        // The socket buffer is full: treat it as a lost packet, the timeout will retry it.
        sendFailures.increment();
      }
    } catch (IOException e) {
      socket.pending().remove(p.id, p);
      p.reply.completeExceptionally(e);
    }
    return p.reply;
  }

  private Pending register(
      Socket socket, Name name, int type, SocketAddress server, long timeoutNanos) {
    while (true) {
      int id = random.nextInt(0x10000);
      Pending p = new Pending(socket, id, name, type, server, timeoutNanos);
      if (socket.pending().putIfAbsent(id, p) == null) {
        deadlines.add(p);
        return p;
      }
    }
  }

  private void loop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_UDP);
    byte[] bytes = new byte[MAX_UDP];
    List<Runnable> done = new ArrayList<>();
    while (!closed) {
      try {
        selector.select(20);
        for (SelectionKey key : selector.selectedKeys()) {
          drain((Socket) key.attachment(), buffer, bytes, done);
        }
        selector.selectedKeys().clear();
        expire(done);
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          // Keep the engine alive: a failure here must not strand every question in flight.
          LOG.warn("DNS I/O loop error, continuing", e);
        }
      } finally {
        dispatch(done);
      }
    }
  }

  /** Hands the completions gathered in one turn of the loop to the completion threads. */
  private void dispatch(List<Runnable> done) {
    for (int from = 0; from < done.size(); from += BATCH) {
      List<Runnable> batch = List.copyOf(done.subList(from, Math.min(done.size(), from + BATCH)));
      completions.execute(
          () -> {
            for (Runnable r : batch) {
              r.run();
            }
          });
    }
    done.clear();
  }

  private void drain(Socket socket, ByteBuffer buffer, byte[] bytes, List<Runnable> done)
      throws IOException {
    while (true) {
      buffer.clear();
      SocketAddress from = socket.channel().receive(buffer);
      if (from == null) {
        return;
      }
      buffer.flip();
      int length = buffer.remaining();
      buffer.get(bytes, 0, length);
      accept(socket, from, bytes, length, done);
    }
  }

  private void accept(
      Socket socket, SocketAddress from, byte[] bytes, int length, List<Runnable> done) {
    if (length < 12) {
      stray.increment();
      return;
    }
    int id = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    Pending p = socket.pending().get(id);
    if (p == null || !p.server.equals(from)) {
      stray.increment();
      return;
    }
    Message reply;
    try {
      reply = new Message(java.util.Arrays.copyOf(bytes, length));
    } catch (WireParseException e) {
      // A reply we cannot read, with the right ID: this attempt failed (the caller may retry).
      finish(p, null, e, done);
      return;
    } catch (IOException e) {
      finish(p, null, e, done);
      return;
    }
    org.xbill.DNS.Record q = reply.getQuestion();
    if (q == null || !q.getName().equals(p.name) || q.getType() != p.type) {
      stray.increment();
      return;
    }
    finish(p, reply, null, done);
  }

  private void finish(Pending p, Message reply, Throwable error, List<Runnable> done) {
    if (!p.socket.pending().remove(p.id, p)) {
      return;
    }
    long rtt = System.nanoTime() - p.sentAt;
    done.add(
        () -> {
          if (error != null) {
            p.reply.completeExceptionally(error);
          } else {
            p.reply.complete(new Reply(reply, rtt));
          }
        });
  }

  private void expire(List<Runnable> done) {
    long now = System.nanoTime();
    Pending head;
    while ((head = deadlines.peek()) != null && head.deadline - now <= 0) {
      deadlines.poll();
      if (head.socket.pending().get(head.id) == head) {
        finish(head, null, new TimeoutException("no reply within the timeout"), done);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      ioThread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Socket s : sockets) {
      try {
        s.channel().close();
      } catch (IOException e) {
        LOG.debug("Closing a DNS socket failed", e);
      }
      s.pending().values().forEach(p -> p.reply.completeExceptionally(new IOException("closed")));
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.debug("Closing the selector failed", e);
    }
  }
}

package io.mailsov.dns.server;

import io.mailsov.dns.server.QueryHandler.Replies;
import io.mailsov.dns.server.QueryHandler.Transport;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP (RFC 7766): one selector thread accepts connections, reads length-prefixed queries
 * and writes replies; a small pool of workers answers them. Clients may send several queries on a
 * connection without waiting (RFC 7766 section 6.2.1.1), and replies may come back out of order, as
 * a delayed one does.
 *
 * <p>Connections stay open until the client closes them or the server stops: this server serves
 * tests and demos on loopback, so it does not enforce the idle timeout of RFC 7766 section 6.2.3; a
 * client that leaves many connections open costs a socket each.
 */
final class TcpTransport implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

  private final ServerSocketChannel server;
  private final Selector selector;
  private final ExecutorService workers;
  private final QueryHandler handler;
  private final Delivery delivery;
  private final Queue<Connection> pendingWrites = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  /** Read state and outgoing queue of one client connection. */
  private final class Connection {
    private final SocketChannel channel;
    private final ByteBuffer length = ByteBuffer.allocate(2);
    private final Queue<ByteBuffer> outgoing = new ConcurrentLinkedQueue<>();
    private ByteBuffer body;
    private SelectionKey key;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    /** Queues a message for the selector thread, the only one that writes to the channel. */
    void send(byte[] message) {
      ByteBuffer framed = ByteBuffer.allocate(2 + message.length);
      framed.putShort((short) message.length).put(message).flip();
      outgoing.add(framed);
      pendingWrites.add(this);
      selector.wakeup();
    }
  }

  TcpTransport(
      ServerSocketChannel server, ExecutorService workers, QueryHandler handler, Delivery delivery)
      throws IOException {
    this.server = server;
    this.workers = workers;
    this.handler = handler;
    this.delivery = delivery;
    this.selector = Selector.open();
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    this.thread = new Thread(this, "dns-server-tcp-" + server.socket().getLocalPort());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    try {
      while (!closing) {
        selector.select();
        Connection pending;
        while ((pending = pendingWrites.poll()) != null) {
          flushOrClose(pending);
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid()) {
            process(key);
          }
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!closing) {
        log.warn("TCP listener on port {} stopped", server.socket().getLocalPort(), e);
      }
    } finally {
      release();
    }
  }

  /** Stops the selector thread, which closes the listening socket and every connection. */
  void close() throws InterruptedException {
    closing = true;
    selector.wakeup();
    if (thread.isAlive()) {
      thread.join(2000);
    } else {
      release();
    }
  }

  private void process(SelectionKey key) {
    if (key.isAcceptable()) {
      try {
        accept();
      } catch (IOException e) {
        // Running out of file descriptors, say, fails one accept, not the listener.
        log.warn("Failed to accept a TCP connection on port {}", server.socket().getLocalPort(), e);
      }
      return;
    }
    Connection connection = (Connection) key.attachment();
    try {
      if (key.isWritable()) {
        flush(connection);
      }
      if (key.isValid() && key.isReadable()) {
        read(connection);
      }
    } catch (IOException e) {
      log.debug("TCP connection failed", e);
      closeConnection(connection);
    }
  }

  private void accept() throws IOException {
    SocketChannel channel;
    while ((channel = server.accept()) != null) {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel);
      connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
    }
  }

  /** Reads every complete query available and hands each to a worker. */
  private void read(Connection connection) throws IOException {
    while (true) {
      if (connection.body == null) {
        if (connection.channel.read(connection.length) < 0) {
          closeConnection(connection);
          return;
        }
        if (connection.length.hasRemaining()) {
          return;
        }
        int size = Short.toUnsignedInt(connection.length.getShort(0));
        connection.length.clear();
        connection.body = ByteBuffer.allocate(size);
      }
      if (connection.channel.read(connection.body) < 0) {
        closeConnection(connection);
        return;
      }
      if (connection.body.hasRemaining()) {
        return;
      }

      byte[] query = connection.body.array();
      connection.body = null;
      delivery.countReceived();
      try {
        workers.execute(() -> answer(connection, query));
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  private void answer(Connection connection, byte[] query) {
    try {
      Replies replies = handler.handle(query, Transport.TCP);
      delivery.deliver(replies, connection::send);
    } catch (RuntimeException e) {
      // One query that trips a bug must not take the worker down with it.
      log.warn("Failed to answer a TCP query", e);
    }
  }

  private void flushOrClose(Connection connection) {
    try {
      flush(connection);
    } catch (IOException e) {
      log.debug("TCP write failed", e);
      closeConnection(connection);
    }
  }

  /** Writes what the socket takes now; the rest waits for OP_WRITE. */
  private void flush(Connection connection) throws IOException {
    SelectionKey key = connection.key;
    if (key == null || !key.isValid()) {
      connection.outgoing.clear();
      return;
    }
    ByteBuffer next;
    while ((next = connection.outgoing.peek()) != null) {
      connection.channel.write(next);
      if (next.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        return;
      }
      connection.outgoing.poll();
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  private void closeConnection(Connection connection) {
    if (connection.key != null) {
      connection.key.cancel();
    }
    connection.outgoing.clear();
    try {
      connection.channel.close();
    } catch (IOException e) {
      log.debug("Closing a TCP connection failed", e);
    }
  }

  /**
   * Closes the listening socket and all connections. Channels registered with a selector keep their
   * file descriptor until the selector lets go of them, so the selector closes last: only then is
   * the port free again.
   */
  private void release() {
    try {
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
    } catch (IOException | ClosedSelectorException e) {
      log.debug("Closing TCP channels failed", e);
    }
    try {
      server.close();
      selector.close();
    } catch (IOException e) {
      log.debug("Closing the TCP listener failed", e);
    }
  }
}

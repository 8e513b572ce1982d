package io.mailsov.dns.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authoritative DNS server on 127.0.0.1, over UDP and TCP on the same port, answering from
 * {@link ZoneData} and misbehaving as {@link Faults} say. It serves the offline demo and tests that
 * need failures a real server will not produce on demand.
 *
 * <pre>{@code
 * try (AuthoritativeServer server = AuthoritativeServer.start(data, Faults.none())) {
 *   SimpleResolver resolver = new SimpleResolver(server.address());
 *   ...
 * }
 * }</pre>
 */
public final class AuthoritativeServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AuthoritativeServer.class);

  /** Attempts at finding an ephemeral UDP port whose TCP twin is free too. */
  private static final int BIND_ATTEMPTS = 20;

  /** Socket buffers large enough for bursts of thousands of queries on loopback. */
  private static final int SOCKET_BUFFER = 4 << 20;

  private static final int TCP_BACKLOG = 256;

  private static final InetAddress LOOPBACK = loopback();

  private final InetSocketAddress address;
  private final Delivery delivery;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final UdpTransport udp;
  private final TcpTransport tcp;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AuthoritativeServer(
      DatagramChannel udpChannel, ServerSocketChannel tcpChannel, ZoneData data, Faults faults)
      throws IOException {
    this.address = (InetSocketAddress) udpChannel.getLocalAddress();
    int port = address.getPort();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(daemons("dns-server-delay-" + port));
    int workerCount = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    this.workers =
        Executors.newFixedThreadPool(workerCount, daemons("dns-server-tcp-worker-" + port));
    this.delivery = new Delivery(scheduler);
    QueryHandler handler = new QueryHandler(data, faults);
    this.udp = new UdpTransport(udpChannel, handler, delivery, faults);
    try {
      this.tcp = new TcpTransport(tcpChannel, workers, handler, delivery);
    } catch (IOException e) {
      scheduler.shutdownNow();
      workers.shutdownNow();
      throw e;
    }
    udp.start();
    tcp.start();
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  public static AuthoritativeServer start(ZoneData data, Faults faults) throws IOException {
    return start(data, faults, 0);
  }

  /**
   * Starts a server on {@code port} of 127.0.0.1, UDP and TCP; 0 picks a free ephemeral port.
   *
   * @throws IOException if the port cannot be bound for both protocols
   */
  public static AuthoritativeServer start(ZoneData data, Faults faults, int port)
      throws IOException {
    Objects.requireNonNull(data, "data is null");
    Objects.requireNonNull(faults, "faults is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Invalid port " + port + ": must be in [0, 65535]");
    }

    IOException lastFailure = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      DatagramChannel udpChannel = null;
      ServerSocketChannel tcpChannel = null;
      try {
        udpChannel = DatagramChannel.open(StandardProtocolFamily.INET);
        udpChannel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
        udpChannel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
        udpChannel.bind(new InetSocketAddress(LOOPBACK, port));
        int bound = ((InetSocketAddress) udpChannel.getLocalAddress()).getPort();

        tcpChannel = ServerSocketChannel.open(StandardProtocolFamily.INET);
        tcpChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        tcpChannel.bind(new InetSocketAddress(LOOPBACK, bound), TCP_BACKLOG);

        AuthoritativeServer server = new AuthoritativeServer(udpChannel, tcpChannel, data, faults);
        log.debug("Serving {} on {} with {}", data, server.address, faults);
        return server;
      } catch (BindException e) {
        // The ephemeral UDP port may be taken for TCP by someone else: try another one.
        closeQuietly(udpChannel, tcpChannel);
        if (port != 0) {
          throw e;
        }
        lastFailure = e;
      } catch (IOException | RuntimeException e) {
        closeQuietly(udpChannel, tcpChannel);
        throw e;
      }
    }
    throw new IOException(
        "Cannot bind UDP and TCP to one free port of 127.0.0.1 after "
            + BIND_ATTEMPTS
            + " attempts",
        lastFailure);
  }

  /** The port UDP and TCP listen on. */
  public int port() {
    return address.getPort();
  }

  /** 127.0.0.1 and {@link #port()}, ready for a resolver. */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * Queries that reached the server over either transport, including those the loss rate or a fault
   * then dropped.
   */
  public long queriesReceived() {
    return delivery.received();
  }

  /** Queries to which the server sent a reply of any kind, the faulty ones included. */
  public long queriesAnswered() {
    return delivery.answered();
  }

  /** Stops answering, closes both sockets and ends the threads; calling it again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      udp.close();
      tcp.close();
      scheduler.shutdownNow();
      workers.shutdownNow();
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.debug("Stopped the server on {}", address);
  }

  @Override
  public String toString() {
    return "AuthoritativeServer[" + address.getAddress().getHostAddress() + ":" + port() + "]";
  }

  private static void closeQuietly(AutoCloseable... closeables) {
    for (AutoCloseable closeable : closeables) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.debug("Closing {} failed", closeable, e);
        }
      }
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static InetAddress loopback() {
    try {
      // Not InetAddress.getLoopbackAddress(), which is ::1 when IPv6 is preferred.
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("Cannot build 127.0.0.1", e);
    }
  }
}

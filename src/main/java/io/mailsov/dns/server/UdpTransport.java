package io.mailsov.dns.server;

import io.mailsov.dns.server.QueryHandler.Replies;
import io.mailsov.dns.server.QueryHandler.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that receives datagrams and answers them inline: parsing and answering a query costs a
 * few microseconds, less than handing it to another thread would.
 */
final class UdpTransport implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);

  /** The largest UDP payload an IPv4 datagram can carry. */
  private static final int MAX_DATAGRAM = 65507;

  private final DatagramChannel channel;
  private final QueryHandler handler;
  private final Delivery delivery;
  private final double lossRate;
  private final Random loss;
  private final Thread thread;

  UdpTransport(DatagramChannel channel, QueryHandler handler, Delivery delivery, Faults faults) {
    this.channel = channel;
    this.handler = handler;
    this.delivery = delivery;
    this.lossRate = faults.lossRate();
    // Used by the receive thread alone, so the lost queries follow from the seed and the order.
    this.loss = new Random(faults.lossSeed());
    this.thread = new Thread(this, "dns-server-udp-" + port(channel));
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    while (channel.isOpen()) {
      buffer.clear();
      SocketAddress client;
      try {
        client = channel.receive(buffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.debug("UDP receive failed", e);
        continue;
      }
      delivery.countReceived();
      if (lossRate > 0 && loss.nextDouble() < lossRate) {
        continue;
      }

      byte[] wire = Arrays.copyOf(buffer.array(), buffer.position());
      try {
        Replies replies = handler.handle(wire, Transport.UDP);
        delivery.deliver(replies, message -> channel.send(ByteBuffer.wrap(message), client));
      } catch (RuntimeException e) {
        // One query that trips a bug must not take the server down with it.
        log.warn("Failed to answer a UDP query from {}", client, e);
      }
    }
  }

  /** Closes the channel, which wakes the blocked receive, and waits for the thread to end. */
  void close() throws InterruptedException {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Closing the UDP channel failed", e);
    }
    thread.join(2000);
  }

  private static String port(DatagramChannel channel) {
    return String.valueOf(channel.socket().getLocalPort());
  }
}

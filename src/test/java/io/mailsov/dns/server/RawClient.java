package io.mailsov.dns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A client that shows the server's bytes as they are, where a resolver would hide them: stray
 * replies, replies that do not parse, several replies to one query.
 */
final class RawClient {

  private RawClient() {}

  /** Sends one datagram and collects every reply that arrives within {@code window}. */
  static List<byte[]> udp(InetSocketAddress server, byte[] query, Duration window)
      throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.send(new DatagramPacket(query, query.length, server));
      return receiveAll(socket, window);
    }
  }

  /** Sends one datagram and returns the first reply; fails if none arrives within 2 s. */
  static byte[] udpFirst(InetSocketAddress server, byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.send(new DatagramPacket(query, query.length, server));
      socket.setSoTimeout(2000);
      byte[] buffer = new byte[65535];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      socket.receive(packet);
      return Arrays.copyOf(packet.getData(), packet.getLength());
    }
  }

  static List<byte[]> receiveAll(DatagramSocket socket, Duration window) throws IOException {
    List<byte[]> replies = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    byte[] buffer = new byte[65535];
    while (true) {
      long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      if (left <= 0) {
        return replies;
      }
      socket.setSoTimeout((int) left);
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        return replies;
      }
      replies.add(Arrays.copyOf(packet.getData(), packet.getLength()));
    }
  }

  /** A TCP connection speaking length-prefixed DNS messages (RFC 1035 section 4.2.2). */
  static final class Tcp implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    Tcp(InetSocketAddress server, Duration readTimeout) throws IOException {
      socket = new Socket(server.getAddress(), server.getPort());
      socket.setSoTimeout((int) readTimeout.toMillis());
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    }

    void send(byte[] message) throws IOException {
      out.writeShort(message.length);
      out.write(message);
      out.flush();
    }

    /** The next reply, or null if none arrives before the read timeout. */
    byte[] receive() throws IOException {
      try {
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        return message;
      } catch (SocketTimeoutException e) {
        return null;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static int id(byte[] wire) {
    return ((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF);
  }
}

package io.mailsov.dns.server;

import io.mailsov.dns.server.Faults.Action;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns the wire form of one query into the wire forms of its replies, applying the faults. Both
 * transports share one instance; it is thread-safe.
 */
final class QueryHandler {

  /** The EDNS payload size we advertise: the DNS Flag Day 2020 value, safe from fragmentation. */
  static final int OUR_EDNS_PAYLOAD = 1232;

  /** RFC 1035 section 4.2.1: without EDNS a UDP reply holds at most 512 bytes. */
  static final int CLASSIC_UDP_PAYLOAD = 512;

  /** A TCP message is limited by its two-byte length prefix (RFC 1035 section 4.2.2). */
  static final int TCP_PAYLOAD = 65535;

  /** The question name {@link Faults.Kind#WRONG_NAME} answers for; reserved by RFC 2606. */
  static final Name WRONG_NAME = Name.fromConstantString("wrong-name.invalid.");

  enum Transport {
    UDP,
    TCP
  }

  /** Messages to send for one query, in order, once {@code delay} has passed. */
  record Replies(List<byte[]> messages, Duration delay) {

    static final Replies NONE = new Replies(List.of(), Duration.ZERO);

    static Replies now(byte[]... messages) {
      return new Replies(List.of(messages), Duration.ZERO);
    }
  }

  private record Attempt(int rule, Name name) {}

  private final ZoneData data;
  private final Faults faults;
  private final ConcurrentHashMap<Attempt, AtomicInteger> attempts = new ConcurrentHashMap<>();

  QueryHandler(ZoneData data, Faults faults) {
    this.data = data;
    this.faults = faults;
  }

  Replies handle(byte[] wire, Transport transport) {
    // Without a complete header there is no ID to answer to (RFC 1035 section 4.1.1).
    if (wire.length < Header.LENGTH) {
      return Replies.NONE;
    }
    Header header;
    try {
      header = new Header(wire);
    } catch (IOException e) {
      return Replies.NONE;
    }
    // Answering a response could start a loop between two servers, and is never useful.
    if (header.getFlag(Flags.QR)) {
      return Replies.NONE;
    }

    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | IllegalArgumentException e) {
      return Replies.now(headerOnly(header, Rcode.FORMERR));
    }
    if (header.getOpcode() != Opcode.QUERY) {
      return Replies.now(toWire(error(query, Rcode.NOTIMP), query, transport));
    }
    // RFC 9619: a query carries exactly one question.
    if (header.getCount(Section.QUESTION) != 1) {
      return Replies.now(toWire(error(query, Rcode.FORMERR), query, transport));
    }
    OPTRecord opt = query.getOPT();
    if (opt != null && opt.getVersion() > 0) {
      return Replies.now(toWire(badVersion(query), query, transport));
    }

    org.xbill.DNS.Record question = query.getQuestion();
    int rule = faults.match(question.getName(), question.getType());
    if (rule < 0) {
      return Replies.now(toWire(answer(query), query, transport));
    }
    return applyFault(rule, query, transport);
  }

  private Replies applyFault(int rule, Message query, Transport transport) {
    Action action = faults.rules().get(rule).action();
    switch (action.kind()) {
      case DROP:
        return Replies.NONE;
      case SERVFAIL:
        return Replies.now(toWire(error(query, Rcode.SERVFAIL), query, transport));
      case REFUSED:
        return Replies.now(toWire(error(query, Rcode.REFUSED), query, transport));
      case FORMERR:
        return Replies.now(toWire(error(query, Rcode.FORMERR), query, transport));
      case NOTIMP:
        return Replies.now(toWire(error(query, Rcode.NOTIMP), query, transport));
      case DELAY:
        return new Replies(List.of(toWire(answer(query), query, transport)), action.delay());
      case WRONG_ID:
        return Replies.now(withOtherId(toWire(answer(query), query, transport)));
      case WRONG_ID_THEN_RIGHT:
        byte[] right = toWire(answer(query), query, transport);
        return Replies.now(withOtherId(right), right);
      case WRONG_NAME:
        return Replies.now(toWire(renamed(answer(query)), query, transport));
      case GARBAGE:
        return Replies.now(garbage(query.getHeader().getID()));
      case TRUNCATED_PACKET:
        return Replies.now(cutInLastRecord(toWire(answer(query), query, transport)));
      case ALWAYS_TC:
        Message reply = transport == Transport.UDP ? truncatedEmpty(query) : answer(query);
        return Replies.now(toWire(reply, query, transport));
      case DROP_FIRST:
        Attempt key = new Attempt(rule, query.getQuestion().getName());
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return attempt <= action.count()
            ? Replies.NONE
            : Replies.now(toWire(answer(query), query, transport));
      default:
        throw new IllegalStateException("Unhandled fault " + action);
    }
  }

  /** The regular answer from the data. */
  private Message answer(Message query) {
    Message reply = replyTo(query);
    org.xbill.DNS.Record question = query.getQuestion();
    int qclass = question.getDClass();
    int qtype = question.getType();
    // We serve class IN only, and offer no zone transfers.
    if ((qclass != DClass.IN && qclass != DClass.ANY) || qtype == Type.AXFR || qtype == Type.IXFR) {
      reply.getHeader().setRcode(Rcode.REFUSED);
      return reply;
    }

    ZoneData.Answer answer = data.lookup(question.getName(), qtype);
    reply.getHeader().setRcode(answer.rcode());
    if (answer.authoritative()) {
      reply.getHeader().setFlag(Flags.AA);
    }
    for (org.xbill.DNS.Record r : answer.answer()) {
      reply.addRecord(r, Section.ANSWER);
    }
    for (org.xbill.DNS.Record r : answer.authority()) {
      reply.addRecord(r, Section.AUTHORITY);
    }
    return reply;
  }

  /** An empty reply with the ID, opcode, RD and CD of the query, its question and an OPT. */
  private static Message replyTo(Message query) {
    Header in = query.getHeader();
    Message reply = new Message(in.getID());
    Header out = reply.getHeader();
    out.setFlag(Flags.QR);
    out.setOpcode(in.getOpcode());
    // RFC 1035 section 4.1.1 copies RD; RFC 4035 section 3.1.6 copies CD.
    if (in.getFlag(Flags.RD)) {
      out.setFlag(Flags.RD);
    }
    if (in.getFlag(Flags.CD)) {
      out.setFlag(Flags.CD);
    }
    org.xbill.DNS.Record question = query.getQuestion();
    if (question != null) {
      reply.addRecord(question, Section.QUESTION);
    }
    // RFC 6891 section 7: answer EDNS with EDNS; RFC 3225 section 3 echoes the DO bit.
    OPTRecord opt = query.getOPT();
    if (opt != null) {
      int flags = opt.getFlags() & ExtendedFlags.DO;
      reply.addRecord(new OPTRecord(OUR_EDNS_PAYLOAD, 0, 0, flags), Section.ADDITIONAL);
    }
    return reply;
  }

  private static Message error(Message query, int rcode) {
    Message reply = replyTo(query);
    reply.getHeader().setRcode(rcode);
    return reply;
  }

  /** RFC 6891 section 6.1.3: we speak EDNS version 0 only. */
  private static Message badVersion(Message query) {
    Message reply = replyTo(query);
    reply.removeAllRecords(Section.ADDITIONAL);
    int upperBits = Rcode.BADVERS >>> 4;
    reply.addRecord(new OPTRecord(OUR_EDNS_PAYLOAD, upperBits, 0, 0), Section.ADDITIONAL);
    reply.getHeader().setRcode(Rcode.BADVERS & 0xF);
    return reply;
  }

  /** A reply for a query we could not parse: nothing but the header. */
  private static byte[] headerOnly(Header query, int rcode) {
    Header reply = new Header(query.getID());
    reply.setFlag(Flags.QR);
    reply.setOpcode(query.getOpcode());
    if (query.getFlag(Flags.RD)) {
      reply.setFlag(Flags.RD);
    }
    reply.setRcode(rcode);
    return reply.toWire();
  }

  /** A UDP reply that tells the client to ask again over TCP (RFC 7766 section 5). */
  private static Message truncatedEmpty(Message query) {
    Message reply = replyTo(query);
    reply.getHeader().setFlag(Flags.AA);
    reply.getHeader().setFlag(Flags.TC);
    return reply;
  }

  /** The reply, with its question and the records owned by the qname moved to WRONG_NAME. */
  private static Message renamed(Message reply) {
    Name qname = reply.getQuestion().getName();
    for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY}) {
      List<org.xbill.DNS.Record> records = new ArrayList<>(reply.getSection(section));
      reply.removeAllRecords(section);
      for (org.xbill.DNS.Record r : records) {
        reply.addRecord(r.getName().equals(qname) ? r.withName(WRONG_NAME) : r, section);
      }
    }
    return reply;
  }

  /**
   * Serialises a reply within what the transport and the client accept. Over UDP that is the
   * client's EDNS payload size, or 512 without EDNS (RFC 6891 section 6.2.5 treats smaller sizes as
   * 512); dnsjava drops whole RRsets that do not fit and sets TC (RFC 1035 section 4.2.1).
   */
  private static byte[] toWire(Message reply, Message query, Transport transport) {
    return reply.toWire(maxSize(query, transport));
  }

  static int maxSize(Message query, Transport transport) {
    if (transport == Transport.TCP) {
      return TCP_PAYLOAD;
    }
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return CLASSIC_UDP_PAYLOAD;
    }
    return Math.max(CLASSIC_UDP_PAYLOAD, opt.getPayloadSize());
  }

  private static byte[] withOtherId(byte[] wire) {
    byte[] copy = wire.clone();
    int id = ((copy[0] & 0xFF) << 8) | (copy[1] & 0xFF);
    int other = (id + 1) & 0xFFFF;
    copy[0] = (byte) (other >>> 8);
    copy[1] = (byte) other;
    return copy;
  }

  /**
   * Random bytes that pass a client's ID check, so that its parser has to reject them: a reply with
   * a random ID would be discarded unread and look like a {@link Faults.Kind#DROP}. QR is set;
   * QDCOUNT is 65535, more questions than the at most 212 bytes can hold; and TC is clear, since
   * parsers (dnsjava's among them) accept a message with TC set that ends early. So the bytes never
   * parse.
   */
  private static byte[] garbage(int id) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] bytes = new byte[Header.LENGTH + random.nextInt(20, 201)];
    random.nextBytes(bytes);
    bytes[0] = (byte) (id >>> 8);
    bytes[1] = (byte) id;
    // QR set; TC clear, since parsers forgive a truncated message that ends early.
    bytes[2] = (byte) ((bytes[2] | 0x80) & ~0x02);
    bytes[4] = (byte) 0xFF;
    bytes[5] = (byte) 0xFF;
    return bytes;
  }

  /**
   * Cuts the last three bytes: every record is at least 11 bytes long (a root owner name and ten
   * bytes of type, class, TTL and length), so the cut always falls inside the last record, or
   * inside the question when there is no record. TC is cleared, as parsers accept a message with TC
   * set that ends early, and this one is meant to be rejected.
   */
  private static byte[] cutInLastRecord(byte[] wire) {
    byte[] cut = Arrays.copyOf(wire, wire.length - 3);
    cut[2] &= (byte) ~0x02;
    return cut;
  }
}

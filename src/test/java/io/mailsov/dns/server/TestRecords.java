package io.mailsov.dns.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** Records and queries for the server tests, written the short way. */
final class TestRecords {

  static final long TTL = 3600;

  private TestRecords() {}

  static Name name(String name) {
    return Name.fromConstantString(name);
  }

  static ARecord a(String name, String address) {
    try {
      return new ARecord(name(name), DClass.IN, TTL, InetAddress.getByName(address));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }

  static CNAMERecord cname(String alias, String target) {
    return new CNAMERecord(name(alias), DClass.IN, TTL, name(target));
  }

  static MXRecord mx(String name, int preference, String host) {
    return new MXRecord(name(name), DClass.IN, TTL, preference, name(host));
  }

  static TXTRecord txt(String name, String text) {
    return new TXTRecord(name(name), DClass.IN, TTL, text);
  }

  static Message query(String name, int type) {
    return Message.newQuery(org.xbill.DNS.Record.newRecord(name(name), type, DClass.IN));
  }

  /** The records of a section, as {@code toString()} of their rdata, in order. */
  static List<String> rdata(Message message, int section) {
    List<String> out = new ArrayList<>();
    for (org.xbill.DNS.Record r : message.getSection(section)) {
      out.add(r.rdataToString());
    }
    return out;
  }
}

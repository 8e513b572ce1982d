package io.mailsov.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/** Collects records as dnsjava objects grouped by origin; for worlds that fit in memory. */
final class RecordListSink implements RecordSink {
  private final Map<Name, List<org.xbill.DNS.Record>> zones = new TreeMap<>();

  @Override
  public void add(String owner, int type, String rdata) {
    try {
      Name name = Name.fromString(owner + ".");
      Name origin = Name.fromString(owner.substring(owner.lastIndexOf('.') + 1) + ".");
      org.xbill.DNS.Record record =
          org.xbill.DNS.Record.fromString(name, type, DClass.IN, MailRecords.TTL, rdata, origin);
      zones.computeIfAbsent(origin, o -> new ArrayList<>()).add(record);
    } catch (IOException e) {
      throw new IllegalStateException("Invalid sample record " + owner + " " + rdata, e);
    }
  }

  /** The records so far, origins in DNS order, lists unmodifiable. */
  Map<Name, List<org.xbill.DNS.Record>> zones() {
    Map<Name, List<org.xbill.DNS.Record>> copy = new TreeMap<>();
    zones.forEach((origin, records) -> copy.put(origin, List.copyOf(records)));
    return Collections.unmodifiableMap(copy);
  }
}

package io.mailsov.dns.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The records an {@link AuthoritativeServer} answers from, indexed for lookups by name and type.
 *
 * <p>The server is authoritative for everything it holds: there are no delegations, glue or
 * wildcards, so a name either owns records, is an empty non-terminal above a name that does, or
 * does not exist. Zones are given as a set of origins; a question outside every origin is refused.
 * With no origins every name is in the zone, and unknown names get NXDOMAIN.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ZoneData {

  /** CNAME records followed for one question, so that a loop or a long chain stays cheap. */
  static final int MAX_CNAME_CHAIN = 8;

  /** TTL and MINIMUM of the SOA synthesised for negative answers (RFC 2308 section 5). */
  static final long NEGATIVE_TTL = 300;

  private final Map<Name, Map<Integer, List<org.xbill.DNS.Record>>> rrsets;
  private final Set<Name> names;
  private final List<Name> origins;
  private final Map<Name, SOARecord> soas;
  private final int recordCount;

  private ZoneData(Collection<org.xbill.DNS.Record> records, Set<Name> origins) {
    this.origins = new ArrayList<>(origins);
    // Longest origin first, so that the closest enclosing zone wins.
    this.origins.sort(Comparator.comparingInt(Name::labels).reversed());

    Map<Name, Map<Integer, Set<org.xbill.DNS.Record>>> grouped = new LinkedHashMap<>();
    for (org.xbill.DNS.Record record : records) {
      Objects.requireNonNull(record, "record is null");
      check(record);
      grouped
          .computeIfAbsent(record.getName(), n -> new LinkedHashMap<>())
          .computeIfAbsent(record.getType(), t -> new LinkedHashSet<>())
          .add(record);
    }

    Map<Name, Map<Integer, List<org.xbill.DNS.Record>>> index = new HashMap<>();
    Set<Name> known = new HashSet<>();
    int count = 0;
    for (Map.Entry<Name, Map<Integer, Set<org.xbill.DNS.Record>>> e : grouped.entrySet()) {
      checkCname(e.getKey(), e.getValue());
      Map<Integer, List<org.xbill.DNS.Record>> byType = new HashMap<>();
      for (Map.Entry<Integer, Set<org.xbill.DNS.Record>> t : e.getValue().entrySet()) {
        byType.put(t.getKey(), List.copyOf(t.getValue()));
        count += t.getValue().size();
      }
      index.put(e.getKey(), Map.copyOf(byType));
      addWithAncestors(e.getKey(), known);
    }
    this.rrsets = Map.copyOf(index);
    this.names = Set.copyOf(known);
    this.recordCount = count;

    Map<Name, SOARecord> soaByOrigin = new HashMap<>();
    for (Name origin : origins) {
      soaByOrigin.put(origin, negativeSoa(origin));
    }
    this.soas = Map.copyOf(soaByOrigin);
  }

  /**
   * Indexes records with every name in the zone: unknown names get NXDOMAIN and negative answers
   * carry no SOA, since there is no zone apex to name.
   */
  public static ZoneData of(Collection<org.xbill.DNS.Record> records) {
    return of(records, Set.of());
  }

  /**
   * Indexes records served as the zones at {@code origins}; questions outside all of them get
   * REFUSED, and negative answers carry the SOA of the closest origin (the one among the records,
   * or a synthetic one with TTL and MINIMUM 300).
   *
   * @throws IllegalArgumentException if a record is not of class IN, is a meta-type, lies outside
   *     every origin, or if a name has a CNAME and other data (RFC 1034 section 3.6.2)
   */
  public static ZoneData of(Collection<org.xbill.DNS.Record> records, Set<Name> origins) {
    Objects.requireNonNull(records, "records is null");
    Objects.requireNonNull(origins, "origins is null");
    for (Name origin : origins) {
      if (!Objects.requireNonNull(origin, "origin is null").isAbsolute()) {
        throw new IllegalArgumentException("Invalid origin " + origin + ": must be absolute");
      }
    }
    return new ZoneData(records, origins);
  }

  /** The zone origins given at construction; empty when every name is in the zone. */
  public Set<Name> origins() {
    return Set.copyOf(origins);
  }

  /** Number of distinct records held. */
  public int recordCount() {
    return recordCount;
  }

  /** The outcome of one question against the data. */
  record Answer(
      int rcode,
      List<org.xbill.DNS.Record> answer,
      List<org.xbill.DNS.Record> authority,
      boolean authoritative) {

    static final Answer REFUSED = new Answer(Rcode.REFUSED, List.of(), List.of(), false);

    Answer {
      answer = List.copyOf(answer);
      authority = List.copyOf(authority);
    }
  }

  /**
   * Answers a class IN question following RFC 1034 section 4.3.2 for a server that holds every zone
   * it knows completely (no referrals, no wildcards).
   */
  Answer lookup(Name qname, int qtype) {
    if (!inZone(qname)) {
      return Answer.REFUSED;
    }

    List<org.xbill.DNS.Record> answer = new ArrayList<>(2);
    Set<Name> visited = new HashSet<>();
    visited.add(qname);
    Name current = qname;
    while (true) {
      Map<Integer, List<org.xbill.DNS.Record>> here = rrsets.get(current);
      if (here == null) {
        // RFC 6604 section 3: after a CNAME the RCODE describes the last name of the chain.
        int rcode = names.contains(current) ? Rcode.NOERROR : Rcode.NXDOMAIN;
        return negative(rcode, current, answer);
      }

      if (qtype == Type.ANY) {
        here.values().forEach(answer::addAll);
        return positive(answer);
      }
      List<org.xbill.DNS.Record> exact = here.get(qtype);
      if (exact != null) {
        answer.addAll(exact);
        return positive(answer);
      }

      List<org.xbill.DNS.Record> cname = here.get(Type.CNAME);
      if (cname == null) {
        return negative(Rcode.NOERROR, current, answer);
      }
      CNAMERecord alias = (CNAMERecord) cname.get(0);
      answer.add(alias);
      Name target = alias.getTarget();
      // A loop or an over-long chain ends with the CNAMEs found so far; the resolver gives up.
      // A target outside our zones is left to the resolver (RFC 1034 section 4.3.2, step 3a).
      if (!visited.add(target) || answer.size() >= MAX_CNAME_CHAIN || !inZone(target)) {
        return positive(answer);
      }
      current = target;
    }
  }

  private static Answer positive(List<org.xbill.DNS.Record> answer) {
    return new Answer(Rcode.NOERROR, answer, List.of(), true);
  }

  /** NXDOMAIN or NODATA, with the zone's SOA so that resolvers can cache it (RFC 2308). */
  private Answer negative(int rcode, Name name, List<org.xbill.DNS.Record> answer) {
    Name origin = originOf(name);
    List<org.xbill.DNS.Record> authority =
        origin == null ? List.of() : List.<org.xbill.DNS.Record>of(soas.get(origin));
    return new Answer(rcode, answer, authority, true);
  }

  private boolean inZone(Name name) {
    return origins.isEmpty() || originOf(name) != null;
  }

  private Name originOf(Name name) {
    for (Name origin : origins) {
      if (name.subdomain(origin)) {
        return origin;
      }
    }
    return null;
  }

  private void check(org.xbill.DNS.Record record) {
    if (record.getDClass() != DClass.IN) {
      throw new IllegalArgumentException("Invalid record " + record + ": only class IN is served");
    }
    int type = record.getType();
    // RFC 6895 section 3.1: OPT and 128-255 are meta-types and question-only types.
    if (type == Type.OPT || (type >= 128 && type <= 255)) {
      throw new IllegalArgumentException(
          "Invalid record " + record + ": " + Type.string(type) + " is not zone data");
    }
    if (!inZone(record.getName())) {
      throw new IllegalArgumentException(
          "Invalid record " + record + ": its name lies outside every origin " + origins);
    }
  }

  /** RFC 1034 section 3.6.2 and RFC 2181 section 10.1: a CNAME owner has no other data. */
  private static void checkCname(Name name, Map<Integer, Set<org.xbill.DNS.Record>> byType) {
    Set<org.xbill.DNS.Record> cname = byType.get(Type.CNAME);
    if (cname == null) {
      return;
    }
    if (cname.size() > 1) {
      throw new IllegalArgumentException("Invalid data: " + name + " has more than one CNAME");
    }
    for (int type : byType.keySet()) {
      if (type != Type.CNAME && !isDnssecType(type)) {
        throw new IllegalArgumentException(
            "Invalid data: " + name + " has a CNAME and " + Type.string(type) + " records");
      }
    }
  }

  private static boolean isDnssecType(int type) {
    return type == Type.RRSIG || type == Type.NSEC || type == Type.NSEC3;
  }

  /** Marks a name and the empty non-terminals between it and its zone (or the root) as existing. */
  private void addWithAncestors(Name name, Set<Name> known) {
    Name origin = originOf(name);
    Name current = name;
    while (known.add(current) && current.labels() > 1 && !current.equals(origin)) {
      current = new Name(current, 1);
    }
  }

  /** The SOA held at the origin, or a synthetic one; either way TTL = MINIMUM (RFC 2308 s. 3). */
  private SOARecord negativeSoa(Name origin) {
    List<org.xbill.DNS.Record> held =
        rrsets.getOrDefault(origin, Map.of()).getOrDefault(Type.SOA, List.of());
    if (!held.isEmpty()) {
      SOARecord soa = (SOARecord) held.get(0);
      long ttl = Math.min(soa.getTTL(), soa.getMinimum());
      return new SOARecord(
          origin,
          DClass.IN,
          ttl,
          soa.getHost(),
          soa.getAdmin(),
          soa.getSerial(),
          soa.getRefresh(),
          soa.getRetry(),
          soa.getExpire(),
          soa.getMinimum());
    }
    return new SOARecord(
        origin,
        DClass.IN,
        NEGATIVE_TTL,
        prefixed("ns", origin),
        prefixed("hostmaster", origin),
        1,
        3600,
        900,
        604800,
        NEGATIVE_TTL);
  }

  private static Name prefixed(String label, Name origin) {
    try {
      return Name.concatenate(Name.fromConstantString(label), origin);
    } catch (NameTooLongException e) {
      return origin;
    }
  }

  @Override
  public String toString() {
    return "ZoneData["
        + recordCount
        + " records, "
        + names.size()
        + " names, origins "
        + origins
        + "]";
  }
}

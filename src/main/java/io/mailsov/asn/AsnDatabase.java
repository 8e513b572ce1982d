package io.mailsov.asn;

import com.google.common.net.InetAddresses;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Maps IP addresses to the AS that announces them, from the public ip2asn table ({@code
 * range_start, range_end, AS_number, country_code, AS_description}, tab-separated, IPv4 and IPv6
 * rows mixed, optionally gzip-compressed).
 *
 * <p>Ranges are kept in sorted primitive arrays and found by binary search: the full table (about
 * 700,000 ranges) fits in under 20 MB without an object per range, which matters because one copy
 * serves every MX address an executor sees. Instances are immutable and so safe to share between
 * threads and to broadcast.
 */
public final class AsnDatabase implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final AsnDatabase EMPTY =
      new AsnDatabase(
          new int[0],
          new int[0],
          new int[0],
          new long[0],
          new long[0],
          new long[0],
          new long[0],
          new int[0],
          new long[0],
          new String[0],
          new String[0]);

  /** IPv4 ranges sorted by start; bounds are unsigned 32-bit values. */
  private final int[] v4Start;

  private final int[] v4End;
  private final int[] v4Network;

  /** IPv6 ranges sorted by start; each bound is two unsigned 64-bit halves. */
  private final long[] v6StartHigh;

  private final long[] v6StartLow;
  private final long[] v6EndHigh;
  private final long[] v6EndLow;
  private final int[] v6Network;

  /** The distinct networks, indexed by the {@code *Network} arrays. */
  private final long[] networkAsn;

  private final String[] networkCountry;
  private final String[] networkName;

  private AsnDatabase(
      int[] v4Start,
      int[] v4End,
      int[] v4Network,
      long[] v6StartHigh,
      long[] v6StartLow,
      long[] v6EndHigh,
      long[] v6EndLow,
      int[] v6Network,
      long[] networkAsn,
      String[] networkCountry,
      String[] networkName) {
    this.v4Start = v4Start;
    this.v4End = v4End;
    this.v4Network = v4Network;
    this.v6StartHigh = v6StartHigh;
    this.v6StartLow = v6StartLow;
    this.v6EndHigh = v6EndHigh;
    this.v6EndLow = v6EndLow;
    this.v6Network = v6Network;
    this.networkAsn = networkAsn;
    this.networkCountry = networkCountry;
    this.networkName = networkName;
  }

  /** A database that knows no address, for scans run without {@code --asn-db}. */
  public static AsnDatabase empty() {
    return EMPTY;
  }

  /**
   * Reads an ip2asn file. The file is decompressed when it starts with the gzip magic number, so
   * {@code ip2asn-combined.tsv.gz} can be used as downloaded. Rows with AS number 0 (country
   * "None", "Not routed") are skipped: an address in them has no match.
   *
   * @throws IllegalArgumentException when a line is malformed or ranges overlap; the message names
   *     the file, the line number and the problem
   * @throws UncheckedIOException when the file cannot be read
   */
  public static AsnDatabase load(Path file) {
    Objects.requireNonNull(file, "file is null");
    Loader loader = new Loader(file);
    try (InputStream in = open(file);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        loader.add(line, number);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ASN database " + file + ": " + e.getMessage(), e);
    }
    return loader.build();
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    try {
      in.mark(2);
      int first = in.read();
      int second = in.read();
      in.reset();
      if (first == 0x1f && second == 0x8b) {
        return new GZIPInputStream(in, 1 << 16);
      }
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The number of routed ranges, IPv4 and IPv6 together. */
  public int size() {
    return v4Start.length + v6StartHigh.length;
  }

  /**
   * The network announcing {@code ip}.
   *
   * @param ip an IPv4 or IPv6 address literal; an IPv4-mapped IPv6 address is looked up as IPv4
   * @throws IllegalArgumentException when {@code ip} is not an address literal (no DNS lookup is
   *     ever made)
   */
  public Optional<AsnInfo> lookup(String ip) {
    Objects.requireNonNull(ip, "ip is null");
    InetAddress address;
    try {
      address = InetAddresses.forString(ip.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid IP address literal '" + ip + "'", e);
    }
    return lookup(address);
  }

  /** The network announcing {@code address}. */
  public Optional<AsnInfo> lookup(InetAddress address) {
    Objects.requireNonNull(address, "address is null");
    byte[] bytes = address.getAddress();
    int network =
        address instanceof Inet4Address
            ? findV4(toInt(bytes, 0))
            : findV6(toLong(bytes, 0), toLong(bytes, 8));
    if (network < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new AsnInfo(networkAsn[network], networkCountry[network], networkName[network]));
  }

  /** Binary search for the last range starting at or before {@code ip}; -1 when none covers it. */
  private int findV4(int ip) {
    int low = 0;
    int high = v4Start.length - 1;
    int candidate = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (Integer.compareUnsigned(v4Start[mid], ip) <= 0) {
        candidate = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (candidate >= 0 && Integer.compareUnsigned(ip, v4End[candidate]) <= 0) {
      return v4Network[candidate];
    }
    return -1;
  }

  private int findV6(long ipHigh, long ipLow) {
    int low = 0;
    int high = v6StartHigh.length - 1;
    int candidate = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (compare(v6StartHigh[mid], v6StartLow[mid], ipHigh, ipLow) <= 0) {
        candidate = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (candidate >= 0 && compare(ipHigh, ipLow, v6EndHigh[candidate], v6EndLow[candidate]) <= 0) {
      return v6Network[candidate];
    }
    return -1;
  }

  /** Unsigned comparison of two 128-bit values given as halves. */
  private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
    int high = Long.compareUnsigned(aHigh, bHigh);
    return high != 0 ? high : Long.compareUnsigned(aLow, bLow);
  }

  private static int toInt(byte[] bytes, int from) {
    return (bytes[from] & 0xff) << 24
        | (bytes[from + 1] & 0xff) << 16
        | (bytes[from + 2] & 0xff) << 8
        | (bytes[from + 3] & 0xff);
  }

  private static long toLong(byte[] bytes, int from) {
    long value = 0;
    for (int i = from; i < from + 8; i++) {
      value = value << 8 | (bytes[i] & 0xff);
    }
    return value;
  }

  @Override
  public String toString() {
    return "AsnDatabase[ipv4="
        + v4Start.length
        + ", ipv6="
        + v6StartHigh.length
        + ", networks="
        + networkAsn.length
        + "]";
  }

  /** Rejects a stream whose arrays do not line up, since lookups index them blindly. */
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int networks = networkAsn.length;
    boolean consistent =
        v4End.length == v4Start.length
            && v4Network.length == v4Start.length
            && v6StartLow.length == v6StartHigh.length
            && v6EndHigh.length == v6StartHigh.length
            && v6EndLow.length == v6StartHigh.length
            && v6Network.length == v6StartHigh.length
            && networkCountry.length == networks
            && networkName.length == networks
            && Arrays.stream(v4Network).allMatch(n -> n >= 0 && n < networks)
            && Arrays.stream(v6Network).allMatch(n -> n >= 0 && n < networks);
    if (!consistent) {
      throw new InvalidObjectException("Invalid AsnDatabase: inconsistent range tables");
    }
  }

  /** Parses lines into growable tables, then sorts and checks them. */
  private static final class Loader {
    private final Path file;
    private final Ranges v4 = new Ranges();
    private final Ranges v6 = new Ranges();
    private final Map<AsnInfo, Integer> networks = new HashMap<>();

    Loader(Path file) {
      this.file = file;
    }

    void add(String line, int number) {
      if (line.isBlank() || line.startsWith("#")) {
        return;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length < 4 || fields.length > 5) {
        throw malformed(
            number,
            "expected 5 tab-separated fields (range_start, range_end, AS_number, country_code,"
                + " AS_description), found "
                + fields.length,
            line);
      }
      byte[] start = address(fields[0], "range_start", number, line);
      byte[] end = address(fields[1], "range_end", number, line);
      if (start.length != end.length) {
        throw malformed(
            number,
            "range_start '" + fields[0] + "' and range_end '" + fields[1] + "' mix IPv4 and IPv6",
            line);
      }
      long asn = asn(fields[2], number, line);
      if (asn == 0) {
        return;
      }
      String country = fields[3].strip();
      if (country.isEmpty() || country.equals("None")) {
        country = null;
      }
      String name = fields.length == 5 ? fields[4].strip() : "";

      AsnInfo info = new AsnInfo(asn, country, name.isEmpty() ? null : name);
      int network = networks.computeIfAbsent(info, k -> networks.size());
      Ranges ranges = start.length == 4 ? v4 : v6;
      long startHigh = start.length == 4 ? 0 : toLong(start, 0);
      long startLow = start.length == 4 ? toInt(start, 0) & 0xFFFF_FFFFL : toLong(start, 8);
      long endHigh = end.length == 4 ? 0 : toLong(end, 0);
      long endLow = end.length == 4 ? toInt(end, 0) & 0xFFFF_FFFFL : toLong(end, 8);
      if (compare(startHigh, startLow, endHigh, endLow) > 0) {
        throw malformed(
            number, "range_start '" + fields[0] + "' is after range_end '" + fields[1] + "'", line);
      }
      ranges.add(startHigh, startLow, endHigh, endLow, network, number);
    }

    /**
     * The 4 or 16 bytes of an address as written: IPv4-mapped IPv6 text stays 16 bytes, so that a
     * {@code ::ffff:0:0/96} row cannot land among the IPv4 ranges.
     */
    private byte[] address(String text, String field, int number, String line) {
      String trimmed = text.strip();
      InetAddress parsed;
      try {
        parsed = InetAddresses.forString(trimmed);
      } catch (IllegalArgumentException e) {
        throw malformed(number, field + " '" + text + "' is not an IP address", line);
      }
      byte[] bytes = parsed.getAddress();
      if (bytes.length == 4 && trimmed.indexOf(':') >= 0) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
      }
      return bytes;
    }

    private long asn(String text, int number, String line) {
      String trimmed = text.strip();
      boolean digits = !trimmed.isEmpty() && trimmed.length() <= 10;
      for (int i = 0; digits && i < trimmed.length(); i++) {
        char c = trimmed.charAt(i);
        digits = c >= '0' && c <= '9';
      }
      long asn = digits ? Long.parseLong(trimmed) : -1;
      if (asn < 0 || asn > AsnInfo.MAX_ASN) {
        throw malformed(
            number, "AS_number '" + text + "' is not a number from 0 to 4294967295", line);
      }
      return asn;
    }

    private IllegalArgumentException malformed(int number, String problem, String line) {
      String shown = line.length() > 120 ? line.substring(0, 120) + "…" : line;
      return new IllegalArgumentException(
          "Invalid ip2asn file "
              + file
              + ", line "
              + number
              + ": "
              + problem
              + " (line: '"
              + shown.replace("\t", "\\t")
              + "')");
    }

    AsnDatabase build() {
      int[] v4Order = v4.sortedOrder();
      int[] v6Order = v6.sortedOrder();
      checkNoOverlap(v4, v4Order, true);
      checkNoOverlap(v6, v6Order, false);

      int[] v4Start = new int[v4Order.length];
      int[] v4End = new int[v4Order.length];
      int[] v4Network = new int[v4Order.length];
      for (int i = 0; i < v4Order.length; i++) {
        int row = v4Order[i];
        v4Start[i] = (int) v4.startLow[row];
        v4End[i] = (int) v4.endLow[row];
        v4Network[i] = v4.network[row];
      }
      long[] v6StartHigh = new long[v6Order.length];
      long[] v6StartLow = new long[v6Order.length];
      long[] v6EndHigh = new long[v6Order.length];
      long[] v6EndLow = new long[v6Order.length];
      int[] v6Network = new int[v6Order.length];
      for (int i = 0; i < v6Order.length; i++) {
        int row = v6Order[i];
        v6StartHigh[i] = v6.startHigh[row];
        v6StartLow[i] = v6.startLow[row];
        v6EndHigh[i] = v6.endHigh[row];
        v6EndLow[i] = v6.endLow[row];
        v6Network[i] = v6.network[row];
      }

      long[] asns = new long[networks.size()];
      String[] countries = new String[networks.size()];
      String[] names = new String[networks.size()];
      networks.forEach(
          (info, index) -> {
            asns[index] = info.asn();
            countries[index] = info.country();
            names[index] = info.name();
          });
      return new AsnDatabase(
          v4Start,
          v4End,
          v4Network,
          v6StartHigh,
          v6StartLow,
          v6EndHigh,
          v6EndLow,
          v6Network,
          asns,
          countries,
          names);
    }

    /**
     * ip2asn is a flattened table, so ranges never overlap; if they did, the binary search would
     * miss addresses in the earlier range, so such a file is refused rather than half-used.
     */
    private void checkNoOverlap(Ranges ranges, int[] order, boolean ipv4) {
      for (int i = 1; i < order.length; i++) {
        int previous = order[i - 1];
        int current = order[i];
        if (compare(
                ranges.startHigh[current],
                ranges.startLow[current],
                ranges.endHigh[previous],
                ranges.endLow[previous])
            <= 0) {
          int first = Math.min(ranges.line[previous], ranges.line[current]);
          int second = Math.max(ranges.line[previous], ranges.line[current]);
          throw new IllegalArgumentException(
              "Invalid ip2asn file "
                  + file
                  + ": the ranges on lines "
                  + first
                  + " and "
                  + second
                  + " overlap ("
                  + format(ranges, previous, ipv4)
                  + " and "
                  + format(ranges, current, ipv4)
                  + "); ip2asn ranges are disjoint, so the file is damaged or not ip2asn data");
        }
      }
    }

    private static String format(Ranges ranges, int row, boolean ipv4) {
      return format(ranges.startHigh[row], ranges.startLow[row], ipv4)
          + "–"
          + format(ranges.endHigh[row], ranges.endLow[row], ipv4);
    }

    private static String format(long high, long low, boolean ipv4) {
      byte[] bytes = new byte[ipv4 ? 4 : 16];
      long[] halves = ipv4 ? new long[] {low << 32} : new long[] {high, low};
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (halves[i / 8] >>> (56 - 8 * (i % 8)));
      }
      try {
        return InetAddresses.toAddrString(InetAddress.getByAddress(bytes));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("Invalid address length " + bytes.length, e);
      }
    }
  }

  /** Growable columns of ranges; IPv4 bounds use only the low half. */
  private static final class Ranges {
    long[] startHigh = new long[1024];
    long[] startLow = new long[1024];
    long[] endHigh = new long[1024];
    long[] endLow = new long[1024];
    int[] network = new int[1024];
    int[] line = new int[1024];
    int size;

    void add(long sHigh, long sLow, long eHigh, long eLow, int net, int number) {
      if (size == startHigh.length) {
        int capacity = size * 2;
        startHigh = Arrays.copyOf(startHigh, capacity);
        startLow = Arrays.copyOf(startLow, capacity);
        endHigh = Arrays.copyOf(endHigh, capacity);
        endLow = Arrays.copyOf(endLow, capacity);
        network = Arrays.copyOf(network, capacity);
        line = Arrays.copyOf(line, capacity);
      }
      startHigh[size] = sHigh;
      startLow[size] = sLow;
      endHigh[size] = eHigh;
      endLow[size] = eLow;
      network[size] = net;
      line[size] = number;
      size++;
    }

    /** Row indices by ascending start; ip2asn is sorted already, so usually no sort is needed. */
    int[] sortedOrder() {
      boolean sorted = true;
      for (int i = 1; sorted && i < size; i++) {
        sorted = compare(startHigh[i - 1], startLow[i - 1], startHigh[i], startLow[i]) <= 0;
      }
      if (sorted) {
        return IntStream.range(0, size).toArray();
      }
      Comparator<Integer> byStart =
          (a, b) -> compare(startHigh[a], startLow[a], startHigh[b], startLow[b]);
      return IntStream.range(0, size).boxed().sorted(byStart).mapToInt(i -> i).toArray();
    }
  }
}

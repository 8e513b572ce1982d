package io.mailsov.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SplittableRandom;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A deterministic, generated list of Dutch institutions and the DNS records behind it.
 *
 * <p>The same seed, count, junk share and mix always give the same domains, rows and records. Each
 * domain's details are drawn from its own generator (seeded from the world seed and the domain's
 * index), so nothing per domain is kept but its kind and a uniqueness number: a world of 6,000,000
 * domains holds about 30 MB, and {@link #writeZoneFiles} and {@link #writeCsv} stream. {@link
 * #zones()} and iterating {@link #domains()} materialise what they return, so they are for worlds
 * that fit in memory.
 *
 * <p>The zones are served from one authoritative server: every origin is a top-level label ({@code
 * nl.}, {@code com.}, {@code microsoft.} …), so providers' hosts and customers' domains resolve
 * without delegations. Domains under {@code frl.} sit in a zone the server declares but has no data
 * for (SERVFAIL); domains under {@code be.} sit in no declared zone (REFUSED).
 */
public final class SampleWorld {
  /** Origins with zone data, as single labels. */
  static final List<String> SERVED =
      List.of("nl", "com", "net", "email", "microsoft", "de", "ch", "eu");

  /** Declared to the server without data, so it answers SERVFAIL (RFC 1035 section 4.1.1). */
  static final String SERVFAIL_TLD = "frl";

  /** Declared nowhere, so an authoritative-only server answers REFUSED. */
  static final String REFUSED_TLD = "be";

  private static final long KIND_STREAM = -1;
  private static final long EXTRA_STREAM = -2;

  /** A row of the CSV that is not one of the domains: junk or a duplicate spelling. */
  private record Extra(
      int position, String raw, String organization, String sector, String duplicateOf) {}

  private final long seed;
  private final byte[] kinds;
  private final int[] suffixes;
  private final List<Extra> extras;
  private final List<String> junkRows;
  private final List<SampleDuplicate> duplicates;

  private SampleWorld(
      long seed,
      byte[] kinds,
      int[] suffixes,
      List<Extra> extras,
      List<String> junkRows,
      List<SampleDuplicate> duplicates) {
    this.seed = seed;
    this.kinds = kinds;
    this.suffixes = suffixes;
    this.extras = extras;
    this.junkRows = junkRows;
    this.duplicates = duplicates;
  }

  /** A world with the default mix of {@link SampleKind#defaultShares()}. */
  public static SampleWorld generate(long seed, int domainCount, double junkShare) {
    return generate(seed, domainCount, junkShare, SampleKind.defaultShares());
  }

  /**
   * Generates a world.
   *
   * @param domainCount how many distinct domains the list holds
   * @param junkShare extra CSV rows, as a share of {@code domainCount}, that are junk or duplicate
   *     spellings; any positive share yields at least one row of every junk shape
   * @param shares the share of each kind; missing kinds get none; the shares must sum to 1. Counts
   *     are allocated exactly (largest remainder), and every kind with a positive share gets at
   *     least one domain when there are enough domains to go round
   */
  public static SampleWorld generate(
      long seed, int domainCount, double junkShare, Map<SampleKind, Double> shares) {
    if (domainCount < 1) {
      throw new IllegalArgumentException("Invalid domain count " + domainCount + ": need >= 1");
    }
    if (!(junkShare >= 0 && junkShare < 1)) {
      throw new IllegalArgumentException("Invalid junk share " + junkShare + ": need 0 <= x < 1");
    }
    byte[] kinds = shuffledKinds(seed, domainCount, allocate(domainCount, shares));
    int[] suffixes = new int[domainCount];
    SampleWorld world = new SampleWorld(seed, kinds, suffixes, List.of(), List.of(), List.of());
    world.numberRepeatedNames();
    return world.withExtras(junkShare);
  }

  /** Every domain, in list order; materialised on access. */
  public List<SampleDomain> domains() {
    return new DomainList();
  }

  public int domainCount() {
    return kinds.length;
  }

  /** Domain cells of the CSV that normalisation must reject, in row order. */
  public List<String> junkRows() {
    return junkRows;
  }

  /** Rows of the CSV that spell an earlier domain differently, in row order. */
  public List<SampleDuplicate> duplicates() {
    return duplicates;
  }

  /** Origins the server declares but has no zone data for, so it answers SERVFAIL. */
  public Set<Name> servfailOrigins() {
    return Set.of(origin(SERVFAIL_TLD));
  }

  /** Origins with zone data. */
  public Set<Name> servedOrigins() {
    Set<Name> names = new LinkedHashSet<>();
    for (String tld : SERVED) {
      names.add(origin(tld));
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * Every record of the world, SOA and NS included, grouped by zone origin; all in memory, so for
   * worlds of up to a few hundred thousand domains.
   */
  public Map<Name, List<org.xbill.DNS.Record>> zones() {
    RecordListSink sink = new RecordListSink();
    emit(RecordDetail.ALL, sink);
    return sink.zones();
  }

  /** {@link #writeZoneFiles(Path, RecordDetail)} with every record. */
  public long writeZoneFiles(Path dir) throws IOException {
    return writeZoneFiles(dir, RecordDetail.ALL);
  }

  /**
   * Writes one master file per served origin ({@code nl.zone}, …) and {@code zones.list}, whose
   * lines {@code origin file} name every origin to declare to the server. The SERVFAIL origins are
   * listed with a file name that is never written: a server that cannot load a declared zone
   * answers SERVFAIL for it. Records stream to disk as they are generated.
   *
   * @return the number of records written
   */
  public long writeZoneFiles(Path dir, RecordDetail detail) throws IOException {
    Files.createDirectories(dir);
    long written;
    try (ZoneFileSink sink = new ZoneFileSink(dir, SERVED)) {
      emit(detail, sink);
      written = sink.records();
    }
    Files.deleteIfExists(dir.resolve(ZoneFileSink.fileName(SERVFAIL_TLD)));
    try (Writer list = Files.newBufferedWriter(dir.resolve("zones.list"))) {
      for (String tld : SERVED) {
        list.write(tld + ". " + ZoneFileSink.fileName(tld) + "\n");
      }
      list.write(SERVFAIL_TLD + ". " + ZoneFileSink.fileName(SERVFAIL_TLD) + "\n");
    }
    return written;
  }

  /**
   * Writes the input list: header {@code domain,organization,sector,country}, the domains in order,
   * junk and duplicate rows interleaved at their fixed positions, quoted as RFC 4180 says.
   */
  public void writeCsv(Path file) throws IOException {
    try (Writer out = writer(file)) {
      out.write("domain,organization,sector,country\n");
      int next = 0;
      for (int i = 0; i <= kinds.length; i++) {
        while (next < extras.size() && extras.get(next).position() == i) {
          Extra extra = extras.get(next++);
          row(out, extra.raw(), extra.organization(), extra.sector(), "NL");
        }
        if (i < kinds.length) {
          Draw draw = draw(i);
          row(out, draw.domain(), draw.org().name(), draw.sector().label(), "NL");
        }
      }
    }
  }

  /**
   * Writes the expected result of every domain: {@code domain,organization,sector,
   * expected_status,expected_category,expected_provider} (provider empty when none).
   */
  public void writeTruthCsv(Path file) throws IOException {
    try (Writer out = writer(file)) {
      out.write("domain,organization,sector,expected_status,expected_category,expected_provider\n");
      for (SampleDomain d : domains()) {
        row(
            out,
            d.domain(),
            d.organization(),
            d.sector(),
            d.expectedStatus(),
            d.expectedCategory(),
            d.expectedProvider() == null ? "" : d.expectedProvider());
      }
    }
  }

  /**
   * Writes a world for scripts: {@code --count N --seed S --out DIR [--junk-share X] [--detail
   * all|mail]} gives {@code DIR/domains.csv}, {@code truth.csv}, {@code junk.csv}, {@code
   * duplicates.csv} and {@code zones/}. Exit code 2 on bad arguments.
   */
  public static void main(String[] args) throws IOException {
    SampleCommand.run(args);
  }

  /** One domain's drawn details; {@code rng} continues where the name draws stopped. */
  record Draw(
      SampleKind kind, Sector sector, OrgNames.Org org, String domain, SplittableRandom rng) {}

  Draw draw(int index) {
    SplittableRandom rng = new SplittableRandom(mix(seed, index));
    SampleKind kind = SampleKind.values()[kinds[index]];
    Sector sector = pickSector(kind, rng);
    OrgNames.Org org = OrgNames.next(sector, rng);
    String tld = tld(kind, sector, rng);
    String label = org.label();
    if (suffixes[index] > 0) {
      label = label + "-" + suffixes[index];
    }
    return new Draw(kind, sector, org, label + "." + tld, rng);
  }

  private void emit(RecordDetail detail, RecordSink sink) {
    for (String tld : SERVED) {
      MailRecords.apex(tld, sink);
    }
    MailRecords.providers(detail, sink);
    int[] ordinals = new int[SampleKind.values().length];
    for (int i = 0; i < kinds.length; i++) {
      Draw draw = draw(i);
      int ordinal = ordinals[draw.kind().ordinal()]++;
      MailRecords.domain(draw.kind(), draw.domain(), ordinal, draw.rng(), detail, sink);
    }
  }

  /**
   * Gives the second and later holders of a name a number: {@code utrecht.nl}, {@code
   * utrecht-2.nl}, … Names from {@link OrgNames} hold no digit, so a numbered name never equals a
   * drawn one; the map grows with the number of distinct names, not of domains.
   */
  private void numberRepeatedNames() {
    Map<String, int[]> seen = new HashMap<>();
    for (int i = 0; i < kinds.length; i++) {
      String base = draw(i).domain();
      for (int c = 0; c < base.length(); c++) {
        if (Character.isDigit(base.charAt(c))) {
          throw new IllegalStateException("Invalid generated name with a digit: " + base);
        }
      }
      int[] count = seen.computeIfAbsent(base, b -> new int[1]);
      count[0]++;
      suffixes[i] = count[0] == 1 ? 0 : count[0];
    }
  }

  private SampleWorld withExtras(double junkShare) {
    int n = kinds.length;
    if (junkShare == 0) {
      return this;
    }
    int total = Math.max(JunkShapes.COUNT + 2, (int) Math.round(n * junkShare));
    int duplicateCount = Math.min(n, Math.max(2, total / 5));
    int junkCount = total - duplicateCount;
    SplittableRandom rng = new SplittableRandom(mix(seed, EXTRA_STREAM));

    List<Extra> rows = new ArrayList<>(total);
    for (int k = 0; k < junkCount; k++) {
      Sector sector = pickSector(SampleKind.MICROSOFT_OUTLOOK, rng);
      OrgNames.Org org = OrgNames.next(sector, rng);
      String raw = JunkShapes.shape(k, rng);
      rows.add(new Extra(rng.nextInt(n + 1), raw, org.name(), sector.label(), null));
    }
    Set<Integer> chosen = new LinkedHashSet<>();
    while (chosen.size() < duplicateCount) {
      chosen.add(rng.nextInt(n));
    }
    int variant = 0;
    for (int original : chosen) {
      Draw draw = draw(original);
      String raw = JunkShapes.respell(draw.domain(), variant++);
      // After the original, so the first spelling a reader meets is the canonical one.
      int position = original + 1 + rng.nextInt(n - original);
      rows.add(new Extra(position, raw, draw.org().name(), draw.sector().label(), draw.domain()));
    }
    rows.sort(Comparator.comparingInt(Extra::position));

    List<String> junk = new ArrayList<>();
    List<SampleDuplicate> dups = new ArrayList<>();
    for (Extra row : rows) {
      if (row.duplicateOf() == null) {
        junk.add(row.raw());
      } else {
        dups.add(new SampleDuplicate(row.raw(), row.duplicateOf()));
      }
    }
    return new SampleWorld(
        seed, kinds, suffixes, List.copyOf(rows), List.copyOf(junk), List.copyOf(dups));
  }

  static int[] allocate(int n, Map<SampleKind, Double> shares) {
    SampleKind[] all = SampleKind.values();
    double sum = 0;
    for (Map.Entry<SampleKind, Double> e : shares.entrySet()) {
      double share = e.getValue();
      if (!(share >= 0) || Double.isInfinite(share)) {
        throw new IllegalArgumentException("Invalid share for " + e.getKey() + ": " + share);
      }
      sum += share;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException("Invalid shares: they sum to " + sum + ", not 1");
    }
    int[] counts = new int[all.length];
    double[] remainders = new double[all.length];
    int assigned = 0;
    for (SampleKind kind : all) {
      double exact = shares.getOrDefault(kind, 0.0) * n;
      counts[kind.ordinal()] = (int) Math.floor(exact);
      remainders[kind.ordinal()] = exact - counts[kind.ordinal()];
      assigned += counts[kind.ordinal()];
    }
    while (assigned < n) {
      int best = 0;
      for (int k = 1; k < all.length; k++) {
        if (remainders[k] > remainders[best]) {
          best = k;
        }
      }
      counts[best]++;
      remainders[best] = -1;
      assigned++;
    }
    for (SampleKind kind : all) {
      // Small worlds still show every outcome a positive share asks for.
      if (counts[kind.ordinal()] == 0 && shares.getOrDefault(kind, 0.0) > 0) {
        int largest = 0;
        for (int k = 1; k < all.length; k++) {
          if (counts[k] > counts[largest]) {
            largest = k;
          }
        }
        if (counts[largest] > 1) {
          counts[largest]--;
          counts[kind.ordinal()]++;
        }
      }
    }
    return counts;
  }

  private static byte[] shuffledKinds(long seed, int n, int[] counts) {
    byte[] kinds = new byte[n];
    int at = 0;
    for (int k = 0; k < counts.length; k++) {
      for (int c = 0; c < counts[k]; c++) {
        kinds[at++] = (byte) k;
      }
    }
    SplittableRandom rng = new SplittableRandom(mix(seed, KIND_STREAM));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      byte t = kinds[i];
      kinds[i] = kinds[j];
      kinds[j] = t;
    }
    return kinds;
  }

  private static final Map<SampleKind, double[]> SECTOR_CUMULATIVE = sectorTables();

  private static Map<SampleKind, double[]> sectorTables() {
    Map<SampleKind, double[]> tables = new EnumMap<>(SampleKind.class);
    Sector[] sectors = Sector.values();
    for (SampleKind kind : SampleKind.values()) {
      double[] cumulative = new double[sectors.length];
      double total = 0;
      for (Sector sector : sectors) {
        total += sector.share() * sector.tilt(kind);
        cumulative[sector.ordinal()] = total;
      }
      for (int s = 0; s < sectors.length; s++) {
        cumulative[s] /= total;
      }
      tables.put(kind, cumulative);
    }
    return tables;
  }

  private static Sector pickSector(SampleKind kind, SplittableRandom rng) {
    double[] cumulative = SECTOR_CUMULATIVE.get(kind);
    double u = rng.nextDouble();
    for (int s = 0; s < cumulative.length - 1; s++) {
      if (u < cumulative[s]) {
        return Sector.values()[s];
      }
    }
    return Sector.values()[cumulative.length - 1];
  }

  private static String tld(SampleKind kind, Sector sector, SplittableRandom rng) {
    int roll = rng.nextInt(100);
    if (kind == SampleKind.SERVFAIL) {
      return SERVFAIL_TLD;
    }
    if (kind == SampleKind.REFUSED) {
      return REFUSED_TLD;
    }
    if (sector == Sector.LARGE_COMPANY) {
      return roll < 70 ? "nl" : roll < 95 ? "com" : "eu";
    }
    if (sector == Sector.VITAL_INFRASTRUCTURE) {
      return roll < 90 ? "nl" : roll < 95 ? "com" : "eu";
    }
    return "nl";
  }

  /** SplitMix64's finaliser over seed and stream: independent generators per domain. */
  static long mix(long seed, long stream) {
    long z = seed + stream * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static Name origin(String tld) {
    try {
      return Name.fromString(tld + ".");
    } catch (TextParseException e) {
      throw new IllegalStateException("Invalid origin " + tld, e);
    }
  }

  private static Writer writer(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20);
  }

  private static void row(Writer out, String... cells) throws IOException {
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        out.write(',');
      }
      out.write(csvCell(cells[c]));
    }
    out.write('\n');
  }

  /** Quotes a cell when RFC 4180 section 2 requires it, and keeps edge spaces visible. */
  static String csvCell(String cell) {
    boolean quote =
        cell.indexOf(',') >= 0
            || cell.indexOf('"') >= 0
            || cell.indexOf('\n') >= 0
            || cell.indexOf('\r') >= 0
            || (!cell.isEmpty() && (cell.charAt(0) == ' ' || cell.endsWith(" ")));
    return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }

  private final class DomainList extends AbstractList<SampleDomain> implements RandomAccess {
    @Override
    public SampleDomain get(int index) {
      Draw draw = draw(index);
      SampleKind kind = draw.kind();
      return new SampleDomain(
          draw.domain(),
          draw.org().name(),
          draw.sector().label(),
          kind.status().label(),
          kind.category().label(),
          kind.provider());
    }

    @Override
    public int size() {
      return kinds.length;
    }
  }
}

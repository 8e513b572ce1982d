package io.mailsov.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class SampleWorldTest {
  private static final int N = 10_000;

  /** A host name as RFC 1123 section 2.1 allows it, at most 63 octets per label. */
  private static final Pattern HOST_NAME =
      Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

  private static SampleWorld world;
  private static List<SampleDomain> domains;

  @BeforeAll
  static void generate() {
    world = SampleWorld.generate(42, N, 0.005);
    domains = List.copyOf(world.domains());
  }

  @Test
  void sameSeedGivesTheSameWorld() {
    SampleWorld again = SampleWorld.generate(42, N, 0.005);
    SampleWorld other = SampleWorld.generate(43, N, 0.005);

    assertThat(again.domains()).isEqualTo(domains);
    assertThat(again.junkRows()).isEqualTo(world.junkRows());
    assertThat(again.duplicates()).isEqualTo(world.duplicates());
    SampleWorld small = SampleWorld.generate(42, 500, 0.01);
    assertThat(SampleWorld.generate(42, 500, 0.01).zones()).isEqualTo(small.zones());
    assertThat(other.domains()).isNotEqualTo(domains);
  }

  @Test
  void categoriesAndStatusesFollowTheDefaultMix() {
    Map<String, Double> categories = shares(SampleDomain::expectedCategory);
    assertThat(categories.get("microsoft")).isCloseTo(0.60, within(0.002));
    assertThat(categories.get("google")).isCloseTo(0.09, within(0.002));
    assertThat(categories.get("other_us")).isCloseTo(0.03, within(0.002));
    assertThat(categories.get("national")).isCloseTo(0.14, within(0.002));
    assertThat(categories.get("eu")).isCloseTo(0.03, within(0.002));
    assertThat(categories.get("other_foreign")).isCloseTo(0.01, within(0.002));
    assertThat(categories.get("self_hosted")).isCloseTo(0.06, within(0.002));
    assertThat(categories.get("unknown")).isCloseTo(0.015, within(0.002));
    assertThat(categories.get("none")).isCloseTo(0.025, within(0.002));

    Map<String, Double> statuses = shares(SampleDomain::expectedStatus);
    assertThat(statuses.get("ok")).isCloseTo(0.97, within(0.002));
    assertThat(statuses.get("null_mx")).isCloseTo(0.01, within(0.001));
    assertThat(statuses.get("no_mx")).isCloseTo(0.01, within(0.001));
    assertThat(statuses.get("nxdomain")).isCloseTo(0.005, within(0.001));
    assertThat(statuses.get("servfail")).isCloseTo(0.003, within(0.001));
    assertThat(statuses.get("refused")).isCloseTo(0.002, within(0.001));

    Map<String, Double> providers = shares(d -> String.valueOf(d.expectedProvider()));
    assertThat(providers.get("proofpoint")).isCloseTo(0.02, within(0.002));
    assertThat(providers.get("amazon")).isCloseTo(0.01, within(0.002));
    assertThat(providers.get("transip") + providers.get("hostnet") + providers.get("kpn"))
        .isCloseTo(0.14, within(0.002));
    assertThat(providers.get("ovh") + providers.get("ionos")).isCloseTo(0.03, within(0.002));
    assertThat(providers.get("infomaniak")).isCloseTo(0.01, within(0.002));
    assertThat(providers.get("self")).isCloseTo(0.06, within(0.002));
  }

  @Test
  void sharesAreParameters() {
    Map<SampleKind, Double> shares = new HashMap<>();
    shares.put(SampleKind.GOOGLE, 0.5);
    shares.put(SampleKind.NXDOMAIN, 0.5);

    SampleWorld custom = SampleWorld.generate(1, 100, 0, shares);

    assertThat(custom.domains())
        .extracting(SampleDomain::expectedCategory)
        .containsOnly("google", "none")
        .filteredOn("google"::equals)
        .hasSize(50);
    assertThatThrownBy(() -> SampleWorld.generate(1, 100, 0, Map.of(SampleKind.GOOGLE, 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum to 0.5");
  }

  @Test
  void everyStatusAServerCanGiveIsPresentEvenInASmallWorld() {
    for (SampleWorld w : List.of(world, SampleWorld.generate(7, 200, 0))) {
      assertThat(w.domains())
          .extracting(SampleDomain::expectedStatus)
          .contains("ok", "no_mx", "null_mx", "nxdomain", "servfail", "refused");
    }
  }

  @Test
  void domainsAreUniqueValidAsciiHostNames() {
    Set<String> names = new HashSet<>();
    for (SampleDomain d : domains) {
      assertThat(names.add(d.domain())).as("unique: %s", d.domain()).isTrue();
      assertThat(d.domain()).as("host name").matches(HOST_NAME);
      assertThat(d.organization()).as("ASCII organisation").matches("\\p{ASCII}+");
    }
    // Names repeat in a list this long; the later holders are numbered, not dropped.
    assertThat(names).anyMatch(n -> n.matches(".*-[0-9]+\\.[a-z]+"));
  }

  @Test
  void sectorsAreTheBroadcastersAndOrganisationsLookDutch() {
    Map<String, Double> sectors = shares(SampleDomain::sector);

    assertThat(sectors.keySet())
        .containsExactlyInAnyOrder(
            "municipality",
            "province",
            "ministry",
            "agency",
            "water_board",
            "large_company",
            "vital_infrastructure",
            "education",
            "healthcare");
    assertThat(sectors.get("large_company")).isBetween(0.30, 0.40);
    assertThat(domains)
        .filteredOn(d -> d.sector().equals("municipality"))
        .allMatch(d -> d.organization().startsWith("Gemeente "));
    assertThat(domains)
        .filteredOn(d -> d.sector().equals("water_board"))
        .allMatch(d -> d.organization().matches("(Waterschap|Hoogheemraadschap van) .*"));
  }

  @Test
  void junkRowsCoverEveryShapeAndNoneIsAHostName() {
    List<String> junk = world.junkRows();

    assertThat(junk)
        .contains("", "# comment", "not a domain", "192.0.2.7", "-bad-.nl", "a..b.nl")
        .anyMatch(j -> j.length() == 260 && j.endsWith(".nl"))
        .anyMatch(j -> j.indexOf('.') == 64);
    assertThat(junk).noneMatch(j -> HOST_NAME.matcher(j).matches() && j.length() <= 253);
  }

  @Test
  void duplicatesRespellRealDomains() {
    Set<String> names = domains.stream().map(SampleDomain::domain).collect(Collectors.toSet());

    assertThat(world.duplicates()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(world.duplicates())
        .allMatch(d -> names.contains(d.domain()))
        .allMatch(d -> !d.raw().equals(d.domain()))
        .allMatch(d -> crudeNormalise(d.raw()).equals(d.domain()));
    assertThat(world.duplicates())
        .extracting(SampleDuplicate::raw)
        .anyMatch(r -> r.startsWith("HTTPS://www."))
        .anyMatch(r -> r.endsWith(".NL.") || r.endsWith(".COM.") || r.endsWith(".EU."));
  }

  @Test
  void csvHoldsDomainsJunkAndDuplicatesInOrderAndSurvivesQuoting(@TempDir Path dir)
      throws IOException {
    Path csv = dir.resolve("domains.csv");
    world.writeCsv(csv);

    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("domain,organization,sector,country");
    List<List<String>> rows = lines.subList(1, lines.size()).stream().map(this::parse).toList();
    assertThat(rows).hasSize(N + world.junkRows().size() + world.duplicates().size());
    assertThat(rows).allMatch(r -> r.size() == 4 && r.get(3).equals("NL"));

    Set<String> junk = new HashSet<>(world.junkRows());
    Set<String> dupRaw =
        world.duplicates().stream().map(SampleDuplicate::raw).collect(Collectors.toSet());
    List<List<String>> domainRows =
        rows.stream().filter(r -> !junk.contains(r.get(0)) && !dupRaw.contains(r.get(0))).toList();
    assertThat(domainRows).hasSize(N);
    for (int i = 0; i < N; i++) {
      SampleDomain d = domains.get(i);
      assertThat(domainRows.get(i)).containsExactly(d.domain(), d.organization(), d.sector(), "NL");
    }
    assertThat(domains).anyMatch(d -> d.organization().contains(","));
    assertThat(domains).anyMatch(d -> d.organization().contains("\""));

    List<String> firstCells = rows.stream().map(r -> r.get(0)).toList();
    for (SampleDuplicate d : world.duplicates()) {
      assertThat(firstCells.indexOf(d.raw()))
          .as("duplicate %s comes after %s", d.raw(), d.domain())
          .isGreaterThan(firstCells.indexOf(d.domain()));
    }
  }

  @Test
  void zonesAnswerEveryDomainTheWayItsStatusSays() {
    SampleWorld small = SampleWorld.generate(5, 3_000, 0);
    Map<Name, List<org.xbill.DNS.Record>> zones = small.zones();
    Map<Name, List<org.xbill.DNS.Record>> byOwner =
        zones.values().stream()
            .flatMap(List::stream)
            .collect(Collectors.groupingBy(org.xbill.DNS.Record::getName));

    assertThat(zones.keySet()).containsExactlyInAnyOrderElementsOf(small.servedOrigins());
    zones.forEach(
        (origin, records) -> {
          assertThat(records).allMatch(r -> r.getName().subdomain(origin));
          assertThat(records).filteredOn(r -> r.getType() == Type.SOA).hasSize(1);
        });

    for (SampleDomain d : small.domains()) {
      Name name = name(d.domain());
      List<org.xbill.DNS.Record> own = byOwner.getOrDefault(name, List.of());
      List<MXRecord> mx =
          own.stream().filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
      switch (d.expectedStatus()) {
        case "ok":
          assertThat(mx).as("MX of %s", d.domain()).isNotEmpty();
          for (MXRecord m : mx) {
            assertThat(byOwner.getOrDefault(m.getTarget(), List.of()))
                .as("address of %s", m.getTarget())
                .anyMatch(r -> r.getType() == Type.A);
          }
          break;
        case "null_mx":
          assertThat(mx).singleElement().matches(m -> m.getTarget().equals(Name.root));
          break;
        case "no_mx":
          assertThat(mx).isEmpty();
          assertThat(own).anyMatch(ARecord.class::isInstance);
          break;
        default:
          assertThat(byOwner.keySet())
              .as("no records at or below %s", d.domain())
              .noneMatch(owner -> owner.subdomain(name));
      }
    }
    assertThat(small.servfailOrigins())
        .allMatch(o -> !zones.containsKey(o))
        .allMatch(o -> small.domains().stream().anyMatch(d -> name(d.domain()).subdomain(o)));
  }

  @Test
  void providersShareHostsTheWayTheRealOnesDo() {
    SampleWorld small = SampleWorld.generate(5, 3_000, 0);
    List<org.xbill.DNS.Record> all = small.zones().values().stream().flatMap(List::stream).toList();
    List<MXRecord> mx =
        all.stream().filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
    long google =
        small.domains().stream().filter(d -> "google".equals(d.expectedProvider())).count();
    // Microsoft tenants behind Proofpoint publish the gateway's MX, not Microsoft's.
    Set<String> fronted =
        mx.stream()
            .filter(m -> m.getTarget().toString(true).endsWith(".pphosted.com"))
            .map(m -> m.getName().toString(true))
            .collect(Collectors.toSet());
    long microsoft =
        small.domains().stream()
            .filter(d -> "microsoft".equals(d.expectedProvider()))
            .filter(d -> !fronted.contains(d.domain()))
            .count();

    assertThat(mx)
        .filteredOn(m -> m.getTarget().equals(name("aspmx.l.google.com")))
        .hasSize((int) google)
        .allMatch(m -> m.getPriority() == 1);
    assertThat(all)
        .filteredOn(r -> r.getName().equals(name("aspmx.l.google.com")) && r.getType() == Type.A)
        .hasSize(1);

    List<String> tenants =
        mx.stream()
            .map(m -> m.getTarget().toString(true))
            .filter(t -> t.endsWith(".mail.protection.outlook.com") || t.endsWith(".mx.microsoft"))
            .toList();
    assertThat(tenants).hasSize((int) microsoft).doesNotHaveDuplicates();
    double daneShare =
        tenants.stream().filter(t -> t.endsWith(".mx.microsoft")).count() / (double) microsoft;
    assertThat(daneShare).isCloseTo(0.10, within(0.02));
    Set<String> outlookAddresses =
        all.stream()
            .filter(r -> r.getName().toString().endsWith(".mail.protection.outlook.com."))
            .filter(ARecord.class::isInstance)
            .map(r -> ((ARecord) r).getAddress().getHostAddress())
            .collect(Collectors.toSet());
    assertThat(outlookAddresses).hasSizeBetween(2, 6);
  }

  @Test
  void okDomainsCarryTheSignalsLaterStagesRead() {
    SampleWorld small = SampleWorld.generate(5, 2_000, 0);
    Map<Name, List<org.xbill.DNS.Record>> byOwner =
        small.zones().values().stream()
            .flatMap(List::stream)
            .collect(Collectors.groupingBy(org.xbill.DNS.Record::getName));
    SampleDomain ms =
        small.domains().stream()
            .filter(d -> "microsoft".equals(d.expectedProvider()))
            .findFirst()
            .orElseThrow();

    List<String> txt = texts(byOwner.get(name(ms.domain())));
    assertThat(txt)
        .anyMatch(t -> t.startsWith("v=spf1 include:spf.protection.outlook.com"))
        .anyMatch(t -> t.startsWith("MS=ms"));
    assertThat(byOwner.get(name("selector1._domainkey." + ms.domain())))
        .singleElement()
        .matches(r -> r.getType() == Type.CNAME);
    assertThat(byOwner.get(name("autodiscover." + ms.domain())))
        .singleElement()
        .matches(r -> r.rdataToString().equals("autodiscover.outlook.com."));
    assertThat(byOwner.get(name("www." + ms.domain()))).isNotNull();
  }

  @Test
  void mailOnlyZonesLeaveOutEverythingButMx(@TempDir Path dir) throws IOException {
    SampleWorld small = SampleWorld.generate(5, 2_000, 0);

    long all = small.writeZoneFiles(dir.resolve("all"));
    long mail = small.writeZoneFiles(dir.resolve("mail"), RecordDetail.MAIL_ONLY);

    assertThat(mail).isLessThan(all / 2);
    assertThat(Files.readString(dir.resolve("mail/nl.zone"))).doesNotContain(" TXT ", " CNAME ");
    assertThat(mxLines(dir.resolve("mail"))).isEqualTo(mxLines(dir.resolve("all")));
  }

  /** Not a speed assertion: prints how long 200,000 domains take, checks what was written. */
  @Test
  void writesZoneFilesFor200kDomainsByStreaming(@TempDir Path dir) throws IOException {
    long start = System.nanoTime();
    SampleWorld big = SampleWorld.generate(9, 200_000, 0.001);
    long generated = System.nanoTime();
    long records = big.writeZoneFiles(dir);
    long written = System.nanoTime();
    System.out.printf(
        "SampleWorld 200k: generate %.2f s, zone files %.2f s, %d records, %d MB%n",
        (generated - start) / 1e9, (written - generated) / 1e9, records, sizeOf(dir) >> 20);

    long lines = 0;
    for (String tld : SampleWorld.SERVED) {
      try (Stream<String> zone = Files.lines(dir.resolve(tld + ".zone"))) {
        lines += zone.filter(l -> !l.startsWith("$")).count();
      }
    }
    assertThat(lines).isEqualTo(records);
    assertThat(Files.readAllLines(dir.resolve("zones.list")))
        .hasSize(SampleWorld.SERVED.size() + 1)
        .contains("frl. frl.zone");
    assertThat(dir.resolve("frl.zone")).doesNotExist();
    assertThat(big.domains().stream().map(SampleDomain::domain).distinct().count())
        .isEqualTo(200_000);
  }

  private static Map<String, Double> shares(Function<SampleDomain, String> key) {
    return domains.stream()
        .collect(Collectors.groupingBy(key, Collectors.summingDouble(d -> 1.0 / N)));
  }

  /** What a normaliser does to the duplicate spellings: scheme, www., path, trailing dot. */
  private static String crudeNormalise(String raw) {
    String s = raw.strip().toLowerCase(java.util.Locale.ROOT);
    s = s.replaceFirst("^[a-z]+://", "");
    s = s.replaceFirst("/.*$", "");
    s = s.replaceFirst("^www\\.", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Splits one RFC 4180 line (no embedded line breaks in the sample). */
  private List<String> parse(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  private static List<String> texts(List<org.xbill.DNS.Record> records) {
    return records.stream()
        .filter(r -> r.getType() == Type.TXT)
        .map(r -> String.join("", ((org.xbill.DNS.TXTRecord) r).getStrings()))
        .toList();
  }

  private static long mxLines(Path dir) throws IOException {
    long count = 0;
    for (String tld : SampleWorld.SERVED) {
      try (Stream<String> zone = Files.lines(dir.resolve(tld + ".zone"))) {
        count += zone.filter(l -> l.contains(" MX ")).count();
      }
    }
    return count;
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}

package io.mailsov.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailsov.probe.MailObservation;
import io.mailsov.probe.MxHost;
import io.mailsov.probe.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;

/**
 * Classifies the real Swiss municipal corpus ({@code shared/corpus/ch}: real MX names, see its
 * README) straight from its zone files and compares the result with the labels a peer project gave
 * the same domains.
 */
class SwissCorpusTest {

  /** {@code -Dmailsov.corpus.ch=DIR} overrides; else the shared folder beside the project. */
  private static Path corpus() {
    String configured = System.getProperty("mailsov.corpus.ch");
    return configured != null ? Path.of(configured) : Path.of("..", "shared", "corpus", "ch");
  }

  @Test
  void microsoftVerdictsAgreeWithThePeerWhereMxIsAtMicrosoft() throws IOException {
    Path dir = corpus();
    assumeTrue(
        Files.isDirectory(dir.resolve("zones")) && Files.isRegularFile(dir.resolve("domains.csv")),
        "Swiss corpus not found at " + dir.toAbsolutePath() + " (set -Dmailsov.corpus.ch)");

    Zones zones = Zones.read(dir.resolve("zones"));
    Catalogue catalogue = Catalogue.load(Path.of("conf", "providers.yaml"));
    Classifier classifier = new Classifier(catalogue, "CH");
    Map<String, String> expected = expected(dir.resolve("expected.csv"));

    Map<String, Verdict> verdicts = new HashMap<>();
    Map<Category, Integer> categories = new TreeMap<>();
    for (String domain : domains(dir.resolve("domains.csv"))) {
      Verdict v = classifier.classify(zones.observe(domain));
      verdicts.put(domain, v);
      categories.merge(v.category(), 1, Integer::sum);
    }
    System.out.printf(
        Locale.ROOT, "Swiss corpus: %d domains, categories %s%n", verdicts.size(), categories);
    assertThat(verdicts).hasSizeGreaterThan(2000);

    if (expected.isEmpty()) {
      return;
    }
    for (String provider : List.of("microsoft", "google")) {
      int peer = 0;
      int ours = 0;
      int atProvider = 0;
      int agreeing = 0;
      List<String> disagreeing = new ArrayList<>();
      for (Map.Entry<String, Verdict> e : verdicts.entrySet()) {
        boolean theirs = provider.equals(expected.get(e.getKey()));
        boolean mine = provider.equals(e.getValue().provider());
        peer += theirs ? 1 : 0;
        ours += mine ? 1 : 0;
        if (theirs && mxAt(e.getValue(), provider)) {
          atProvider++;
          agreeing += mine ? 1 : 0;
          if (!mine && disagreeing.size() < 10) {
            disagreeing.add(e.getKey() + "=" + e.getValue().provider());
          }
        }
      }
      double rate = atProvider == 0 ? 1.0 : (double) agreeing / atProvider;
      System.out.printf(
          Locale.ROOT,
          "%s: peer %d, ours %d; agreement %d/%d = %.1f%% where the peer's label has MX there%n",
          provider,
          peer,
          ours,
          agreeing,
          atProvider,
          100 * rate);
      if (!disagreeing.isEmpty()) {
        System.out.println("  for example: " + disagreeing);
      }
      if (provider.equals("microsoft")) {
        assertThat(atProvider)
            .as("peer-labelled microsoft domains with MX at Microsoft")
            .isPositive();
        assertThat(rate).as("microsoft agreement").isGreaterThanOrEqualTo(0.90);
      }
    }
  }

  private static boolean mxAt(Verdict v, String provider) {
    return v.evidence().stream()
        .anyMatch(e -> e.signal().startsWith("mx") && provider.equals(e.provider()));
  }

  private static List<String> domains(Path csv) throws IOException {
    List<String> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        out.add(line.split(",", 2)[0].strip().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static Map<String, String> expected(Path csv) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (!Files.isRegularFile(csv)) {
      return out;
    }
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f.length >= 2) {
        out.put(f[0].strip().toLowerCase(Locale.ROOT), f[1].strip());
      }
    }
    return out;
  }

  /** The MX and CNAME records of every zone file, and which names exist at all. */
  private record Zones(
      Map<String, List<MXRecord>> mx, Map<String, String> cnames, Set<String> names) {

    static Zones read(Path dir) throws IOException {
      Map<String, List<MXRecord>> mx = new HashMap<>();
      Map<String, String> cnames = new HashMap<>();
      Set<String> names = new HashSet<>();
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.toString().endsWith(".zone")).sorted().toList();
      }
      for (Path file : files) {
        // Only MX and CNAME matter here. TXT lines are dropped before parsing because some SPF
        // records in the corpus are single strings over 255 octets, which RFC 1035 section 3.3
        // does not allow and dnsjava's parser rightly rejects.
        String text;
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
          text =
              lines
                  .filter(line -> !line.matches("\\S+\\s+\\d+\\s+IN\\s+TXT\\s.*"))
                  .collect(Collectors.joining("\n", "", "\n"));
        }
        try (Master master =
            new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
          org.xbill.DNS.Record r;
          while ((r = master.nextRecord()) != null) {
            String owner = text(r.getName());
            names.add(owner);
            if (r instanceof MXRecord m) {
              mx.computeIfAbsent(owner, k -> new ArrayList<>()).add(m);
            } else if (r instanceof CNAMERecord c) {
              cnames.put(owner, text(c.getTarget()));
            }
          }
        }
      }
      return new Zones(mx, cnames, names);
    }

    MailObservation observe(String domain) {
      List<MXRecord> records = mx.get(domain);
      if (records == null) {
        Status status = names.contains(domain) ? Status.NO_MX : Status.NXDOMAIN;
        return new MailObservation(domain, status, List.of(), status.label(), 1);
      }
      if (records.size() == 1
          && records.get(0).getPriority() == 0
          && records.get(0).getTarget().equals(Name.root)) {
        return new MailObservation(domain, Status.NULL_MX, List.of(), "null MX", 1);
      }
      List<MxHost> hosts = new ArrayList<>();
      for (MXRecord r : records) {
        String host = text(r.getTarget());
        hosts.add(new MxHost(r.getPriority(), host, chain(host), List.of()));
      }
      return new MailObservation(domain, Status.OK, hosts, "", 1 + hosts.size());
    }

    private List<String> chain(String host) {
      List<String> out = new ArrayList<>();
      String next = cnames.get(host);
      while (next != null && out.size() < 8 && !out.contains(next)) {
        out.add(next);
        next = cnames.get(next);
      }
      return out;
    }

    private static String text(Name name) {
      String s = name.toString(true).toLowerCase(Locale.ROOT);
      return s.isEmpty() ? "." : s;
    }
  }
}

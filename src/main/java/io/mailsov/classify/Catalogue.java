package io.mailsov.classify;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The provider catalogue: who operates which mail hosts, loaded from {@code conf/providers.yaml}
 * and validated as a whole before anything is classified with it.
 *
 * <p>Immutable and serialisable, so that a driver can load it once and ship it to executors.
 */
public final class Catalogue implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where {@link #loadDefault()} looks first, relative to the working directory. */
  static final Path DEFAULT_PATH = Path.of("conf", "providers.yaml");

  /** The same file as bundled into the application jar by the build. */
  static final String RESOURCE = "/io/mailsov/classify/providers.yaml";

  /** The provider id a verdict uses for self-hosting; no catalogue entry may take it. */
  static final String SELF = "self";

  private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  // One label: letters, digits, hyphens inside, and underscores for service labels such as
  // _spf or _domainkey (RFC 8552); at most 63 octets (RFC 1035 section 2.3.4).
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?"
              + "(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)+");

  private static final Set<String> ISO_COUNTRIES =
      Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

  // A DKIM selector is one label of the name <selector>._domainkey.<domain> (RFC 6376 section
  // 3.6.2.1): letters, digits, hyphens inside, and underscores; at most 63 octets (RFC 1035
  // section 2.3.4).
  private static final Pattern SELECTOR =
      Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

  /** Each selector costs one CNAME query per scanned domain, so the list stays short. */
  static final int MAX_DKIM_SELECTORS = 12;

  private static final Set<String> TOP_FIELDS = Set.of("version", "dkim_selectors", "providers");
  private static final Set<String> PROVIDER_FIELDS =
      Set.of("id", "name", "company", "country", "us_jurisdiction", "kind", "note", "patterns");
  private static final List<String> NAME_SIGNALS =
      List.of("mx", "spf", "dkim", "autodiscover", "ns");
  private static final Set<String> PATTERN_FIELDS =
      Set.of("mx", "spf", "dkim", "autodiscover", "verification", "ns", "asn");
  private static final long MAX_ASN = 4_294_967_295L;

  private final String source;
  private final String version;
  private final String contentHash;
  private final List<String> dkimSelectors;
  private final List<Provider> providers;
  private final HashMap<String, Provider> byId;
  private final HashMap<String, Provider> mxSuffixes;
  private final HashMap<String, Provider> spfSuffixes;
  private final HashMap<String, Provider> dkimSuffixes;
  private final HashMap<String, Provider> autodiscoverSuffixes;
  private final HashMap<String, Provider> nsSuffixes;
  private final HashMap<String, Provider> verificationPrefixes;
  private final int longestVerificationPrefix;
  private final HashMap<Long, Provider> asns;

  private Catalogue(
      String source,
      String version,
      String contentHash,
      List<String> dkimSelectors,
      List<Provider> providers) {
    this.source = source;
    this.version = version;
    this.contentHash = contentHash;
    this.dkimSelectors = List.copyOf(dkimSelectors);
    this.providers = List.copyOf(providers);
    this.byId = new HashMap<>();
    for (Provider p : this.providers) {
      byId.put(p.id(), p);
    }
    this.mxSuffixes = index(this.providers, Provider.Patterns::mx);
    this.spfSuffixes = index(this.providers, Provider.Patterns::spf);
    this.dkimSuffixes = index(this.providers, Provider.Patterns::dkim);
    this.autodiscoverSuffixes = index(this.providers, Provider.Patterns::autodiscover);
    this.nsSuffixes = index(this.providers, Provider.Patterns::ns);
    this.verificationPrefixes = index(this.providers, Provider.Patterns::verification);
    this.longestVerificationPrefix =
        verificationPrefixes.keySet().stream().mapToInt(String::length).max().orElse(0);
    this.asns = index(this.providers, Provider.Patterns::asn);
  }

  /** One signal's patterns mapped to their provider; the parser already made each unique. */
  private static <K> HashMap<K, Provider> index(
      List<Provider> providers, Function<Provider.Patterns, List<K>> signal) {
    HashMap<K, Provider> map = new HashMap<>();
    for (Provider p : providers) {
      for (K pattern : signal.apply(p.patterns())) {
        map.put(pattern, p);
      }
    }
    return map;
  }

  /**
   * Reads and validates a catalogue file.
   *
   * @throws InvalidCatalogueException when the file breaks the catalogue format
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Catalogue load(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read catalogue " + path + ": " + e.getMessage(), e);
    }
    return fromBytes(bytes, path.toString());
  }

  /**
   * Parses and validates catalogue text.
   *
   * @param sourceName what to call the text in error messages, usually its file name
   * @throws InvalidCatalogueException when the text breaks the catalogue format
   */
  public static Catalogue fromYaml(String text, String sourceName) {
    return fromBytes(text.getBytes(StandardCharsets.UTF_8), sourceName);
  }

  /**
   * The catalogue a scan uses when none is named: {@code conf/providers.yaml} under the working
   * directory when it exists (so an operator can edit it without rebuilding), else the copy the
   * build bundled into the jar as {@value #RESOURCE}.
   */
  public static Catalogue loadDefault() {
    if (Files.isRegularFile(DEFAULT_PATH)) {
      return load(DEFAULT_PATH);
    }
    try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot find the provider catalogue: neither "
                + DEFAULT_PATH.toAbsolutePath()
                + " nor the class-path resource "
                + RESOURCE
                + " exists; run from the project directory or rebuild the jar");
      }
      return fromBytes(in.readAllBytes(), "classpath:" + RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read catalogue classpath:" + RESOURCE, e);
    }
  }

  /** The file's own version string, e.g. {@code 2026.12.1}. */
  public String version() {
    return version;
  }

  /** SHA-256 of the catalogue file's bytes, lower-case hex: pins a verdict to exact rules. */
  public String contentHash() {
    return contentHash;
  }

  /** Where the catalogue was read from, as given to the loader. */
  public String source() {
    return source;
  }

  /** All providers, in file order. */
  public List<Provider> providers() {
    return providers;
  }

  public Optional<Provider> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The DKIM selectors the probe asks for as {@code <selector>._domainkey.<domain>}, in file order;
   * empty when the file names none.
   */
  public List<String> dkimSelectors() {
    return dkimSelectors;
  }

  /** The provider whose MX suffix is the longest match of {@code host} on label boundaries. */
  public Optional<Provider> matchMx(String host) {
    return longestSuffix(mxSuffixes, host);
  }

  /** The provider of an SPF {@code include:} or {@code redirect=} target domain (RFC 7208 5.2). */
  public Optional<Provider> matchSpf(String domain) {
    return longestSuffix(spfSuffixes, domain);
  }

  /** The provider of the CNAME target of a {@code <selector>._domainkey} name. */
  public Optional<Provider> matchDkim(String cnameTarget) {
    return longestSuffix(dkimSuffixes, cnameTarget);
  }

  /** The provider of an autodiscover CNAME target or {@code _autodiscover._tcp} SRV target. */
  public Optional<Provider> matchAutodiscover(String target) {
    return longestSuffix(autodiscoverSuffixes, target);
  }

  /** The provider that runs the authoritative name server {@code nsHost}. */
  public Optional<Provider> matchNs(String nsHost) {
    return longestSuffix(nsSuffixes, nsHost);
  }

  /**
   * The provider whose verification prefix is the longest case-sensitive prefix of one apex TXT
   * string, e.g. {@code MS=ms12345678}. Tokens are compared byte for byte because providers issue
   * them so; only DNS names are case-insensitive (RFC 4343).
   */
  public Optional<Provider> matchVerification(String txt) {
    if (txt == null) {
      return Optional.empty();
    }
    for (int length = Math.min(txt.length(), longestVerificationPrefix); length > 0; length--) {
      Provider p = verificationPrefixes.get(txt.substring(0, length));
      if (p != null) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The provider that originates autonomous system {@code asn}. */
  public Optional<Provider> matchAsn(long asn) {
    return Optional.ofNullable(asns.get(asn));
  }

  /**
   * The provider whose suffix in {@code suffixes} is the longest match of {@code name} on label
   * boundaries, ignoring case (RFC 4343) and a trailing root dot.
   *
   * <p>Walks the name's own suffixes from the longest down (at most one hash lookup per label), so
   * the cost does not grow with the size of the catalogue.
   */
  private static Optional<Provider> longestSuffix(Map<String, Provider> suffixes, String name) {
    if (name == null) {
      return Optional.empty();
    }
    String rest = name.toLowerCase(Locale.ROOT);
    if (rest.endsWith(".")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    while (!rest.isEmpty()) {
      Provider p = suffixes.get(rest);
      if (p != null) {
        return Optional.of(p);
      }
      int dot = rest.indexOf('.');
      if (dot < 0) {
        break;
      }
      rest = rest.substring(dot + 1);
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Catalogue[" + source + ", version " + version + ", " + providers.size() + " providers]";
  }

  static boolean isIsoCountry(String code) {
    return code != null && ISO_COUNTRIES.contains(code);
  }

  private static Catalogue fromBytes(byte[] bytes, String source) {
    JsonNode root = parse(bytes, source);
    return new Parser(source).catalogue(root, sha256Hex(bytes));
  }

  private static JsonNode parse(byte[] bytes, String source) {
    ObjectMapper yaml =
        YAMLMapper.builder(new YAMLFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    try {
      JsonNode root = yaml.readTree(bytes);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw new InvalidCatalogueException(source, "the file is empty");
      }
      return root;
    } catch (JacksonException e) {
      throw new InvalidCatalogueException(source, "not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read catalogue " + source, e);
    }
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Walks the YAML tree and fails on the first rule a value breaks, naming where it is. */
  private static final class Parser {
    private final String source;
    private final Map<String, Map<String, String>> claims = new HashMap<>();

    Parser(String source) {
      this.source = source;
    }

    Catalogue catalogue(JsonNode root, String hash) {
      if (!root.isObject()) {
        throw fail("the top level must be a mapping with 'version' and 'providers'");
      }
      rejectUnknown(root, TOP_FIELDS, "");
      JsonNode version = root.get("version");
      if (version == null || !version.isTextual() || version.asText().isBlank()) {
        throw fail("'version' must be a quoted, non-empty string such as \"2026.12.1\"");
      }
      List<String> selectors = selectors(root.get("dkim_selectors"));
      JsonNode list = root.get("providers");
      if (list == null || !list.isArray() || list.isEmpty()) {
        throw fail("'providers' must be a non-empty list");
      }
      Map<String, Provider> providers = new LinkedHashMap<>();
      for (int i = 0; i < list.size(); i++) {
        Provider p = provider(list.get(i), i + 1);
        if (providers.putIfAbsent(p.id(), p) != null) {
          throw fail("provider id '" + p.id() + "' is used more than once");
        }
      }
      return new Catalogue(
          source, version.asText().strip(), hash, selectors, new ArrayList<>(providers.values()));
    }

    private List<String> selectors(JsonNode list) {
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray()) {
        throw fail("'dkim_selectors' must be a list of selector labels");
      }
      if (list.size() > MAX_DKIM_SELECTORS) {
        throw fail(
            "dkim_selectors lists "
                + list.size()
                + " selectors, at most "
                + MAX_DKIM_SELECTORS
                + " are allowed (each costs one CNAME query per domain)");
      }
      List<String> selectors = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (JsonNode item : list) {
        if (!item.isTextual()) {
          throw fail("dkim_selectors entry " + item + " must be a string");
        }
        String selector = item.asText();
        if (!SELECTOR.matcher(selector).matches()) {
          throw fail(
              "dkim_selectors entry '"
                  + selector
                  + "' is not one DNS label (letters, digits, underscores, hyphens inside;"
                  + " at most 63 characters)");
        }
        // DNS names compare case-insensitively (RFC 4343), so "Google" repeats "google".
        if (!seen.add(selector.toLowerCase(Locale.ROOT))) {
          throw fail("dkim_selectors entry '" + selector + "' is listed twice");
        }
        selectors.add(selector);
      }
      return selectors;
    }

    private Provider provider(JsonNode node, int position) {
      if (!node.isObject()) {
        throw fail("provider #" + position + " must be a mapping");
      }
      String where = "provider #" + position;
      String id = text(node, "id", where);
      if (!ID.matcher(id).matches()) {
        throw fail(
            where + ": id '" + id + "' must be a lower-case slug (letters, digits, hyphens)");
      }
      if (id.equals(SELF)) {
        throw fail(where + ": id 'self' is reserved for self-hosted verdicts");
      }
      where = "provider '" + id + "'";
      rejectUnknown(node, PROVIDER_FIELDS, where + ": ");

      String name = text(node, "name", where);
      String company = text(node, "company", where);
      if (node.path("country").isBoolean()) {
        throw fail(
            where
                + ": country was read as the boolean "
                + node.get("country")
                + "; quote it (YAML reads a bare NO as false)");
      }
      String country = text(node, "country", where);
      if (!isIsoCountry(country)) {
        throw fail(where + ": country '" + country + "' is not an ISO 3166 alpha-2 code");
      }
      JsonNode us = node.get("us_jurisdiction");
      if (us == null || !us.isBoolean()) {
        throw fail(where + ": 'us_jurisdiction' must be true or false");
      }
      Provider.Kind kind = kind(text(node, "kind", where), where);
      String note = null;
      if (node.hasNonNull("note")) {
        note = text(node, "note", where);
      }
      JsonNode patterns = node.get("patterns");
      if (patterns == null || !patterns.isObject()) {
        throw fail(where + ": 'patterns' must be a mapping of signal to list");
      }
      Provider.Patterns parsed = patterns(patterns, id);
      if (kind == Provider.Kind.HOSTING) {
        rejectMailSignals(parsed, where);
      }
      return new Provider(id, name, company, country, us.booleanValue(), kind, note, parsed);
    }

    /**
     * A hosting provider names who runs a domain's DNS or web servers; a mail pattern on it would
     * turn infrastructure into a mail verdict, so the mail service must be its own entry.
     */
    private void rejectMailSignals(Provider.Patterns p, String where) {
      Map<String, List<?>> mail = new LinkedHashMap<>();
      mail.put("mx", p.mx());
      mail.put("spf", p.spf());
      mail.put("dkim", p.dkim());
      mail.put("autodiscover", p.autodiscover());
      mail.put("verification", p.verification());
      for (Map.Entry<String, List<?>> e : mail.entrySet()) {
        if (!e.getValue().isEmpty()) {
          throw fail(
              where
                  + ": kind 'hosting' allows only ns and asn patterns, not "
                  + e.getKey()
                  + " (list the mail service as its own mailbox or gateway provider)");
        }
      }
    }

    private Provider.Kind kind(String kind, String where) {
      return switch (kind) {
        case "mailbox" -> Provider.Kind.MAILBOX;
        case "gateway" -> Provider.Kind.GATEWAY;
        case "hosting" -> Provider.Kind.HOSTING;
        default ->
            throw fail(where + ": kind '" + kind + "' must be 'mailbox', 'gateway' or 'hosting'");
      };
    }

    private Provider.Patterns patterns(JsonNode node, String id) {
      String where = "provider '" + id + "'";
      rejectUnknown(node, PATTERN_FIELDS, where + ": patterns: ");
      Map<String, List<String>> names = new HashMap<>();
      for (String signal : NAME_SIGNALS) {
        List<String> values = strings(node, signal, where);
        for (String value : values) {
          checkName(value, signal, where);
          claim(signal, value, id);
        }
        names.put(signal, values);
      }
      List<String> verification = strings(node, "verification", where);
      for (String prefix : verification) {
        if (prefix.isEmpty() || !prefix.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
          throw fail(
              where
                  + ": verification prefix '"
                  + prefix
                  + "' must be non-empty printable ASCII without spaces");
        }
        claim("verification", prefix, id);
      }
      List<Long> asns = asns(node, where);
      for (Long asn : asns) {
        claim("asn", "AS" + asn, id);
      }
      return new Provider.Patterns(
          names.get("mx"),
          names.get("spf"),
          names.get("dkim"),
          names.get("autodiscover"),
          verification,
          names.get("ns"),
          asns);
    }

    private void checkName(String value, String signal, String where) {
      String problem = null;
      if (value.contains("*")) {
        problem = "wildcards are not supported (a suffix already matches every name below it)";
      } else if (value.endsWith(".")) {
        problem = "must not end with a dot";
      } else if (!value.equals(value.toLowerCase(Locale.ROOT))) {
        problem = "must be lower-case";
      } else if (!DNS_NAME.matcher(value).matches()) {
        problem = "is not a DNS name of at least two labels";
      }
      if (problem != null) {
        throw fail(where + ": " + signal + " pattern '" + value + "' " + problem);
      }
    }

    /** One owner per pattern and signal, so a match can never be ambiguous. */
    private void claim(String signal, String value, String id) {
      String previous = claims.computeIfAbsent(signal, s -> new HashMap<>()).putIfAbsent(value, id);
      if (previous != null) {
        String owners =
            previous.equals(id)
                ? "listed twice by '" + id + "'"
                : "claimed by both '" + previous + "' and '" + id + "'";
        throw fail(signal + " pattern '" + value + "' is " + owners);
      }
    }

    private List<String> strings(JsonNode node, String field, String where) {
      JsonNode list = node.get(field);
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray()) {
        throw fail(where + ": patterns." + field + " must be a list");
      }
      List<String> values = new ArrayList<>();
      for (JsonNode item : list) {
        if (!item.isTextual()) {
          throw fail(where + ": patterns." + field + " entry " + item + " must be a string");
        }
        values.add(item.asText());
      }
      return values;
    }

    private List<Long> asns(JsonNode node, String where) {
      JsonNode list = node.get("asn");
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray()) {
        throw fail(where + ": patterns.asn must be a list");
      }
      List<Long> values = new ArrayList<>();
      for (JsonNode item : list) {
        if (!item.isIntegralNumber() || item.asLong() < 1 || item.asLong() > MAX_ASN) {
          throw fail(where + ": asn " + item + " must be a whole number from 1 to " + MAX_ASN);
        }
        values.add(item.asLong());
      }
      return values;
    }

    private String text(JsonNode node, String field, String where) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        throw fail(where + ": required field '" + field + "' is missing");
      }
      if (!value.isTextual() || value.asText().isBlank()) {
        throw fail(where + ": field '" + field + "' must be a non-empty string, was " + value);
      }
      return value.asText().strip();
    }

    private void rejectUnknown(JsonNode node, Set<String> known, String where) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!known.contains(field)) {
          throw fail(where + "unknown field '" + field + "'");
        }
      }
    }

    private InvalidCatalogueException fail(String problem) {
      return new InvalidCatalogueException(source, problem);
    }
  }
}

package io.mailsov.asn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsnDatabaseTest {
  /** ip2asn-combined layout: IPv4 rows, then IPv6 rows, not-routed gaps in between. */
  private static final String SAMPLE =
      String.join(
          "\n",
          "0.0.0.0\t0.255.255.255\t0\tNone\tNot routed",
          "1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET",
          "1.0.1.0\t1.0.3.255\t0\tNone\tNot routed",
          "1.0.4.0\t1.0.7.255\t38803\tAU\tWPL-AS-AP Wirefreebroadband Pty Ltd",
          "1.0.8.0\t1.0.8.255\t13335\tUS\tCLOUDFLARENET",
          "145.97.0.0\t145.97.255.255\t1103\tNL\tSURFNET-NL SURFnet, The Netherlands",
          "255.255.255.0\t255.255.255.255\t64512\tNL\tTOP-OF-IPV4",
          "::\t1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\t0\tNone\tNot routed",
          "2001:610::\t2001:610:ffff:ffff:ffff:ffff:ffff:ffff\t1103\tNL\tSURFNET-NL SURFnet, The"
              + " Netherlands",
          "2a01:111::\t2a01:111:ffff:ffff:ffff:ffff:ffff:ffff\t8075\tUS"
              + "\tMICROSOFT-CORP-MSN-AS-BLOCK",
          "ffff:ffff::\tffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\t64513\tNone\t",
          "");

  @TempDir Path dir;

  private AsnDatabase sample() throws IOException {
    return AsnDatabase.load(Files.writeString(dir.resolve("ip2asn.tsv"), SAMPLE));
  }

  @Test
  void countsOnlyRoutedRanges() throws IOException {
    assertThat(sample().size()).isEqualTo(8);
  }

  @ParameterizedTest(name = "{0} -> AS{1}")
  @CsvSource({
    "1.0.0.0, 13335",
    "1.0.0.128, 13335",
    "1.0.0.255, 13335",
    "1.0.4.0, 38803",
    "1.0.7.255, 38803",
    "1.0.8.0, 13335",
    "145.97.12.34, 1103",
    "255.255.255.0, 64512",
    "255.255.255.255, 64512",
    "2001:610::, 1103",
    "2001:610:0:80aa::1, 1103",
    "2001:610:ffff:ffff:ffff:ffff:ffff:ffff, 1103",
    "2a01:111:f400::1, 8075",
    "ffff:ffff::, 64513",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 64513",
    "::ffff:145.97.1.1, 1103",
  })
  void findsTheRangeIncludingBothBounds(String ip, long asn) throws IOException {
    assertThat(sample().lookup(ip)).map(AsnInfo::asn).as("AS of %s", ip).contains(asn);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0.0.0.1", // not routed row
    "0.255.255.255",
    "1.0.1.0", // not routed, between two routed ranges
    "1.0.3.255",
    "1.0.9.0", // after a range, in no row at all
    "145.96.255.255", // just below a range
    "145.98.0.0", // just above a range
    "255.255.254.255",
    "::1", // not routed IPv6
    "2001:60f:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:611::",
    "ffff:fffe:ffff:ffff:ffff:ffff:ffff:ffff",
  })
  void findsNothingOutsideRoutedRanges(String ip) throws IOException {
    assertThat(sample().lookup(ip)).as("AS of %s", ip).isEmpty();
  }

  @Test
  void returnsCountryAndNameAndNullsForNone() throws IOException {
    AsnDatabase database = sample();

    assertThat(database.lookup("145.97.1.1"))
        .contains(new AsnInfo(1103, "NL", "SURFNET-NL SURFnet, The Netherlands"));
    assertThat(database.lookup("ffff:ffff::1")).contains(new AsnInfo(64513, null, null));
  }

  @Test
  void looksUpInetAddresses() throws IOException {
    AsnDatabase database = sample();

    assertThat(database.lookup(InetAddress.getByName("1.0.4.1")))
        .map(AsnInfo::asn)
        .contains(38803L);
    assertThat(database.lookup(InetAddress.getByName("2a01:111::25")))
        .map(AsnInfo::asn)
        .contains(8075L);
  }

  @Test
  void refusesTextThatIsNotAnAddressWithoutResolvingIt() throws IOException {
    AsnDatabase database = sample();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> database.lookup("mail.example.nl"))
        .withMessage("Invalid IP address literal 'mail.example.nl'");
  }

  @Test
  void ipv4MappedRangesStayAmongIpv6() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("mapped.tsv"),
            "::ffff:0:0\t::ffff:ffff:ffff\t64999\tNone\tMAPPED\n"
                + "10.0.0.0\t10.0.0.255\t64500\tNL\tTEN\n");

    AsnDatabase database = AsnDatabase.load(file);

    assertThat(database.lookup("10.0.0.1")).map(AsnInfo::asn).contains(64500L);
    assertThat(database.lookup("10.0.1.1")).isEmpty();
  }

  @Test
  void sortsUnsortedRows() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("unsorted.tsv"),
            "200.0.0.0\t200.0.0.255\t3\tNL\tC\n"
                + "2001:db8:1::\t2001:db8:1::ffff\t5\tNL\tE\n"
                + "9.0.0.0\t9.0.0.255\t1\tNL\tA\n"
                + "128.0.0.0\t128.0.0.255\t2\tNL\tB\n"
                + "2001:db8::\t2001:db8::ffff\t4\tNL\tD\n");

    AsnDatabase database = AsnDatabase.load(file);

    assertThat(database.lookup("9.0.0.9")).map(AsnInfo::name).contains("A");
    assertThat(database.lookup("128.0.0.9")).map(AsnInfo::name).contains("B");
    assertThat(database.lookup("200.0.0.9")).map(AsnInfo::name).contains("C");
    assertThat(database.lookup("2001:db8::9")).map(AsnInfo::name).contains("D");
    assertThat(database.lookup("2001:db8:1::9")).map(AsnInfo::name).contains("E");
  }

  @Test
  void readsGzipCompressedFiles() throws IOException {
    Path file = dir.resolve("ip2asn-combined.tsv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(SAMPLE.getBytes(StandardCharsets.UTF_8));
    }

    AsnDatabase database = AsnDatabase.load(file);

    assertThat(database.size()).isEqualTo(8);
    assertThat(database.lookup("2001:610::1")).map(AsnInfo::asn).contains(1103L);
  }

  @Test
  void skipsBlankAndCommentLinesAndAcceptsCrlf() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("crlf.tsv"), "# ip2asn\r\n\r\n1.0.0.0\t1.0.0.255\t13335\tUS\tCF\r\n");

    assertThat(AsnDatabase.load(file).lookup("1.0.0.1")).contains(new AsnInfo(13335, "US", "CF"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.0.0.0\t1.0.0.255\t13335 | expected 5 tab-separated fields (range_start, range_end,"
            + " AS_number, country_code, AS_description), found 3",
        "1.0.0.0 1.0.0.255 13335 US CF | expected 5 tab-separated fields",
        "1.0.0\t1.0.0.255\t13335\tUS\tCF | range_start '1.0.0' is not an IP address",
        "1.0.0.0\tone\t13335\tUS\tCF | range_end 'one' is not an IP address",
        "1.0.0.0\t::1\t13335\tUS\tCF | range_start '1.0.0.0' and range_end '::1' mix IPv4 and"
            + " IPv6",
        "1.0.0.0\t1.0.0.255\tAS13335\tUS\tCF | AS_number 'AS13335' is not a number from 0 to"
            + " 4294967295",
        "1.0.0.0\t1.0.0.255\t4294967296\tUS\tCF | AS_number '4294967296' is not a number",
        "1.0.0.0\t1.0.0.255\t-1\tUS\tCF | AS_number '-1' is not a number",
        "1.0.1.0\t1.0.0.255\t13335\tUS\tCF | range_start '1.0.1.0' is after range_end"
            + " '1.0.0.255'",
      })
  void malformedLineIsReportedWithFileLineAndProblem(String line, String problem)
      throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.tsv"),
            "1.0.0.0\t1.0.0.255\t0\tNone\tNot routed\n\n" + line.replace("\\t", "\t") + "\n");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> AsnDatabase.load(file))
        .withMessageStartingWith("Invalid ip2asn file " + file + ", line 3: " + problem);
  }

  @Test
  void malformedLineMessageQuotesTheLine() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.tsv"), "1.0.0.0\tx\t1\tUS\tA\n");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> AsnDatabase.load(file))
        .withMessage(
            "Invalid ip2asn file "
                + file
                + ", line 1: range_end 'x' is not an IP address"
                + " (line: '1.0.0.0\\tx\\t1\\tUS\\tA')");
  }

  @Test
  void overlappingRangesAreRefusedNamingBothLines() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("overlap.tsv"),
            "2001:db8::\t2001:db8::ff\t1\tNL\tA\n"
                + "10.0.0.0\t10.0.0.255\t2\tNL\tB\n"
                + "2001:db8::80\t2001:db8::1ff\t3\tNL\tC\n");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> AsnDatabase.load(file))
        .withMessageContaining("lines 1 and 3 overlap (2001:db8::–2001:db8::ff and")
        .withMessageContaining(file.toString());
  }

  @Test
  void missingFileIsReportedByName() {
    Path file = dir.resolve("absent.tsv");

    assertThatThrownBy(() -> AsnDatabase.load(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("Cannot read ASN database " + file);
  }

  @Test
  void emptyDatabaseKnowsNothing() {
    assertThat(AsnDatabase.empty().size()).isZero();
    assertThat(AsnDatabase.empty().lookup("1.1.1.1")).isEmpty();
    assertThat(AsnDatabase.empty().lookup("2001:db8::1")).isEmpty();
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    AsnDatabase database = sample();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(database);
    }

    AsnDatabase copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (AsnDatabase) in.readObject();
    }

    assertThat(copy.size()).isEqualTo(database.size());
    assertThat(copy.lookup("2a01:111::1")).isEqualTo(database.lookup("2a01:111::1"));
    assertThat(copy.lookup("255.255.255.255")).isEqualTo(database.lookup("255.255.255.255"));
  }

  @Test
  void loadsTheSharedCorpusSampleWhenPresent() {
    Path shared = Path.of("/work/shared/corpus/ch/ip2asn.tsv");
    assumeTrue(Files.isReadable(shared), "no shared ip2asn sample");

    AsnDatabase database = AsnDatabase.load(shared);

    assertThat(database.size()).isPositive();
    Optional<AsnInfo> google = database.lookup("10.8.0.1");
    assertThat(google).contains(new AsnInfo(15169, "US", "GOOGLE"));
  }

  @Test
  void asnInfoRefusesImpossibleNumbers() {
    assertThatIllegalArgumentException().isThrownBy(() -> new AsnInfo(0, "NL", "X"));
    assertThatIllegalArgumentException().isThrownBy(() -> new AsnInfo(1L << 32, "NL", "X"));
  }
}

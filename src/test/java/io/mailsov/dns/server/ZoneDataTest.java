package io.mailsov.dns.server;

import static io.mailsov.dns.server.TestRecords.a;
import static io.mailsov.dns.server.TestRecords.cname;
import static io.mailsov.dns.server.TestRecords.mx;
import static io.mailsov.dns.server.TestRecords.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ZoneDataTest {

  private static final ZoneData DATA =
      ZoneData.of(
          List.of(
              a("www.example.", "192.0.2.1"),
              mx("example.", 10, "mx.example."),
              a("deep.sub.example.", "192.0.2.2"),
              cname("alias.example.", "www.example."),
              cname("dangling.example.", "nowhere.example."),
              cname("away.example.", "host.elsewhere."),
              cname("self.example.", "self.example.")),
          Set.of(name("example.")));

  @Test
  void emptyNonTerminalAnswersNoDataNotNxdomain() {
    ZoneData.Answer answer = DATA.lookup(name("sub.example."), Type.A);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.answer()).isEmpty();
    assertThat(answer.authority()).singleElement().extracting(r -> r.getType()).isEqualTo(Type.SOA);
  }

  @Test
  void namesAreMatchedCaseInsensitively() {
    assertThat(DATA.lookup(name("WWW.Example."), Type.A).answer()).hasSize(1);
  }

  @Test
  void syntheticSoaHasTtlAndMinimumOf300() {
    SOARecord soa = (SOARecord) DATA.lookup(name("missing.example."), Type.A).authority().get(0);

    assertThat(soa.getName()).isEqualTo(name("example."));
    assertThat(soa.getTTL()).isEqualTo(300);
    assertThat(soa.getMinimum()).isEqualTo(300);
  }

  @Test
  void soaHeldAtTheOriginIsUsedWithTtlCappedByItsMinimum() {
    SOARecord held =
        new SOARecord(
            name("example."),
            DClass.IN,
            86400,
            name("ns1.example."),
            name("admin.example."),
            7,
            1,
            1,
            1,
            60);
    ZoneData data = ZoneData.of(List.of(held), Set.of(name("example.")));

    SOARecord soa = (SOARecord) data.lookup(name("x.example."), Type.A).authority().get(0);

    assertThat(soa.getSerial()).isEqualTo(7);
    assertThat(soa.getTTL()).as("RFC 2308 section 3: min(TTL, MINIMUM)").isEqualTo(60);
  }

  @Test
  void cnameToMissingNameInZoneIsNxdomainWithTheCname() {
    ZoneData.Answer answer = DATA.lookup(name("dangling.example."), Type.A);

    assertThat(answer.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer.answer()).singleElement().extracting(r -> r.getType()).isEqualTo(Type.CNAME);
  }

  @Test
  void cnameLeavingTheZonesEndsTheAnswerWithNoError() {
    ZoneData.Answer answer = DATA.lookup(name("away.example."), Type.A);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.answer()).hasSize(1);
    assertThat(answer.authority()).isEmpty();
  }

  @Test
  void cnamePointingAtItselfYieldsOneRecord() {
    assertThat(DATA.lookup(name("self.example."), Type.A).answer()).hasSize(1);
  }

  @Test
  void chainLongerThanTheLimitStopsAtEightCnames() {
    List<org.xbill.DNS.Record> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      records.add(cname("c" + i + ".example.", "c" + (i + 1) + ".example."));
    }
    records.add(a("c12.example.", "192.0.2.12"));
    ZoneData chain = ZoneData.of(records);

    ZoneData.Answer answer = chain.lookup(name("c0.example."), Type.A);

    assertThat(answer.answer()).hasSize(ZoneData.MAX_CNAME_CHAIN);
    assertThat(answer.answer()).allMatch(r -> r.getType() == Type.CNAME);
  }

  @Test
  void qtypeCnameReturnsTheCnameItself() {
    ZoneData.Answer answer = DATA.lookup(name("alias.example."), Type.CNAME);

    assertThat(answer.answer()).singleElement().extracting(r -> r.getType()).isEqualTo(Type.CNAME);
  }

  @Test
  void anyReturnsEveryRrsetAtTheName() {
    ZoneData data =
        ZoneData.of(List.of(a("x.test.", "192.0.2.1"), new TXTRecord(name("x.test."), 1, 60, "t")));

    assertThat(data.lookup(name("x.test."), Type.ANY).answer()).hasSize(2);
  }

  @Test
  void withoutOriginsEveryNameIsInZoneAndNxdomainCarriesNoSoa() {
    ZoneData data = ZoneData.of(List.of(a("x.test.", "192.0.2.1")));

    ZoneData.Answer answer = data.lookup(name("y.other."), Type.A);

    assertThat(answer.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer.authority()).isEmpty();
    assertThat(data.lookup(name("test."), Type.A).rcode())
        .as("an ancestor of a record's name is an empty non-terminal")
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void nameOutsideEveryOriginIsRefused() {
    assertThat(DATA.lookup(name("www.example.org."), Type.A).rcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void closestOriginProvidesTheSoa() {
    ZoneData data =
        ZoneData.of(
            List.of(a("a.sub.example.", "192.0.2.1")),
            Set.of(name("example."), name("sub.example.")));

    assertThat(data.lookup(name("b.sub.example."), Type.A).authority().get(0).getName())
        .isEqualTo(name("sub.example."));
  }

  @Test
  void duplicateRecordsAreHeldOnce() {
    ZoneData data = ZoneData.of(List.of(a("x.test.", "192.0.2.1"), a("x.test.", "192.0.2.1")));

    assertThat(data.recordCount()).isEqualTo(1);
  }

  @Test
  void rejectsCnameNextToOtherData() {
    assertThatThrownBy(
            () -> ZoneData.of(List.of(cname("x.test.", "y.test."), a("x.test.", "192.0.2.1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.test.")
        .hasMessageContaining("CNAME and A");
  }

  @Test
  void rejectsRecordOutsideEveryOrigin() {
    assertThatThrownBy(
            () -> ZoneData.of(List.of(a("x.other.", "192.0.2.1")), Set.of(name("example."))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside every origin");
  }

  @Test
  void rejectsRecordsOfOtherClasses() {
    org.xbill.DNS.Record chaos = org.xbill.DNS.Record.newRecord(name("x.test."), Type.A, DClass.CH);

    assertThatThrownBy(() -> ZoneData.of(List.of(chaos)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only class IN");
  }
}

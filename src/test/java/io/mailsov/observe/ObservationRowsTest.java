package io.mailsov.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailsov.dns.DnsAnswer;
import io.mailsov.probe.DnsObservation;
import io.mailsov.store.Tables;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ObservationRowsTest {
  private static final Name NAME = Name.fromConstantString("x.nl.");
  private static final Instant AT = Instant.parse("2026-12-04T10:00:00.123Z");

  private static DnsObservation roundTrip(DnsObservation o) {
    return ObservationRows.fromRow(ObservationRows.toRow(o));
  }

  @Test
  void hostileTextComesBackByteForByte() {
    byte[] raw = {'<', 's', '>', 0, 7, 10, (byte) 0xff, '"', '\\', ';', '\''};
    byte[] sql = "'; DROP TABLE x; --".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    for (byte[] string : List.of(raw, sql)) {
      wire.write(string.length);
      wire.writeBytes(string);
    }
    TXTRecord txt =
        (TXTRecord)
            org.xbill.DNS.Record.newRecord(NAME, Type.TXT, DClass.IN, 60, wire.toByteArray());
    DnsAnswer a =
        new DnsAnswer(
            NAME,
            Type.TXT,
            DnsAnswer.Outcome.REPLY,
            Rcode.NOERROR,
            List.of(txt),
            "",
            2,
            true,
            "[::1]:53");

    Row row = ObservationRows.toRow(new DnsObservation(3, a, AT));
    DnsObservation back = ObservationRows.fromRow(row);

    assertThat(back.answer()).isEqualTo(a);
    assertThat(((TXTRecord) back.answer().answers().get(0)).getStringsAsByteArrays())
        .containsExactly(raw, sql);
    assertThat(back.seq()).isEqualTo(3);
    assertThat(back.answeredAt()).isEqualTo(AT);
    // Presentation format escapes what a terminal or a CSV would misread.
    String data = row.<Row>getList(row.fieldIndex("answers")).get(0).getString(3);
    assertThat(data).doesNotContain("\n").doesNotContain("\u0000").contains("\\007");
  }

  @Test
  void aTypeDnsjavaDoesNotKnowIsKeptInTheGenericForm() {
    org.xbill.DNS.Record unknown =
        org.xbill.DNS.Record.newRecord(
            NAME, 65280, DClass.IN, 30, new byte[] {1, 2, 3, (byte) 0xfe});
    DnsAnswer a =
        new DnsAnswer(
            NAME,
            Type.MX,
            DnsAnswer.Outcome.REPLY,
            Rcode.NOERROR,
            List.of(unknown),
            "",
            1,
            false,
            "127.0.0.1:53");

    Row row = ObservationRows.toRow(new DnsObservation(0, a, AT));

    assertThat(row.<Row>getList(row.fieldIndex("answers")).get(0).getString(3))
        .isEqualTo("\\# 4 010203FE");
    assertThat(ObservationRows.fromRow(row).answer()).isEqualTo(a);
  }

  @Test
  void failuresAndRareRcodesKeepTheirMeaning() {
    DnsAnswer timeout =
        new DnsAnswer(
            NAME,
            Type.A,
            DnsAnswer.Outcome.TIMEOUT,
            -1,
            List.of(),
            "no reply",
            9,
            false,
            "127.0.0.1:53");
    DnsAnswer notimp =
        new DnsAnswer(
            NAME,
            Type.NS,
            DnsAnswer.Outcome.REPLY,
            Rcode.NOTIMP,
            List.of(),
            "",
            1,
            false,
            "127.0.0.1:53");
    DnsAnswer rare =
        new DnsAnswer(
            NAME, Type.NS, DnsAnswer.Outcome.REPLY, 12, List.of(), "", 1, false, "127.0.0.1:53");

    Row t = ObservationRows.toRow(new DnsObservation(0, timeout, AT));
    assertThat(t.isNullAt(t.fieldIndex("rcode"))).isTrue();
    assertThat(t.getString(t.fieldIndex("outcome"))).isEqualTo("timeout");
    assertThat(roundTrip(new DnsObservation(0, timeout, AT)).answer()).isEqualTo(timeout);
    assertThat(roundTrip(new DnsObservation(0, notimp, AT)).answer()).isEqualTo(notimp);
    assertThat(roundTrip(new DnsObservation(0, rare, AT)).answer()).isEqualTo(rare);
  }

  @Test
  void aCacheHitSaysSo() {
    DnsAnswer hit =
        new DnsAnswer(
            NAME,
            Type.A,
            DnsAnswer.Outcome.REPLY,
            Rcode.NXDOMAIN,
            List.of(),
            "",
            0,
            false,
            "127.0.0.1:53");
    Row row = ObservationRows.toRow(new DnsObservation(0, hit, AT));
    assertThat(row.getBoolean(row.fieldIndex("from_cache"))).isTrue();
  }

  @Test
  void anUnreadableRecordIsNamedNotGuessed() {
    Row bad =
        new GenericRowWithSchema(
            new Object[] {"x.nl.", "MX", 60L, "not-a-preference"}, Tables.ANSWER_RECORD);
    Row good =
        ObservationRows.toRow(
            new DnsObservation(
                0,
                new DnsAnswer(
                    NAME, Type.MX, DnsAnswer.Outcome.REPLY, 0, List.of(), "", 1, false, ""),
                AT));
    Object[] values = new Object[Tables.OBSERVATION.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = good.get(i);
    }
    values[Tables.OBSERVATION.fieldIndex("answers")] =
        scala.jdk.javaapi.CollectionConverters.asScala(List.of(bad));
    Row row = new GenericRowWithSchema(values, Tables.OBSERVATION);

    assertThatThrownBy(() -> ObservationRows.fromRow(row))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unreadable MX record of x.nl.");
  }

  @Test
  void internalRowIsTheRowSparkWouldConvert() {
    org.xbill.DNS.Record mx =
        new org.xbill.DNS.MXRecord(NAME, DClass.IN, 300, 10, Name.fromConstantString("mx.x.nl."));
    org.xbill.DNS.Record unknown =
        org.xbill.DNS.Record.newRecord(NAME, 65400, DClass.IN, 5, new byte[] {1, 2, 3});
    DnsAnswer reply =
        new DnsAnswer(
            NAME,
            Type.MX,
            DnsAnswer.Outcome.REPLY,
            Rcode.NOERROR,
            List.of(mx, unknown),
            "",
            1,
            false,
            "127.0.0.1:53");
    DnsAnswer timeout =
        new DnsAnswer(
            NAME, Type.AAAA, DnsAnswer.Outcome.TIMEOUT, -1, List.of(), "no reply", 3, false, "");
    var toCatalyst =
        org.apache.spark.sql.catalyst.CatalystTypeConverters.createToCatalystConverter(
            Tables.OBSERVATION);

    for (DnsObservation o :
        List.of(new DnsObservation(0, reply, AT), new DnsObservation(4, timeout, AT))) {
      assertThat(ObservationRows.toInternalRow(o))
          .as("internal row of %s", o.answer())
          .isEqualTo(toCatalyst.apply(ObservationRows.toRow(o)));
    }
  }
}

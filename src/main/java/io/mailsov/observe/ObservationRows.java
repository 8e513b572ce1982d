package io.mailsov.observe;

import io.mailsov.dns.DnsAnswer;
import io.mailsov.probe.DnsObservation;
import io.mailsov.store.Tables;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Turns the answers a probe got into rows of {@link Tables#OBSERVATION} and back.
 *
 * <p>Records are kept in RFC 1035 section 5.1 presentation format, the form {@code dig} prints and
 * people can read in SQL. Types dnsjava does not know are written in the RFC 3597 generic form
 * ({@code \# length hex}), so every record read from the wire can be read back from its text.
 */
public final class ObservationRows {
  private ObservationRows() {}

  /** One observation as a {@link Tables#OBSERVATION} row. */
  public static Row toRow(DnsObservation o) {
    DnsAnswer a = o.answer();
    List<Row> records = new ArrayList<>(a.answers().size());
    for (org.xbill.DNS.Record r : a.answers()) {
      records.add(
          new GenericRowWithSchema(
              new Object[] {
                r.getName().toString(), Type.string(r.getType()), r.getTTL(), r.rdataToString()
              },
              Tables.ANSWER_RECORD));
    }
    boolean reply = a.outcome() == DnsAnswer.Outcome.REPLY;
    // With their schema, so that fromRow reads them back by field name without a round trip.
    return new GenericRowWithSchema(
        new Object[] {
          o.seq(),
          a.name().toString(),
          Type.string(a.type()),
          a.server(),
          a.outcome().name().toLowerCase(Locale.ROOT),
          reply ? Rcode.string(a.rcode()) : null,
          scala.jdk.javaapi.CollectionConverters.asScala(records),
          a.detail(),
          o.fromCache(),
          a.attempts(),
          a.overTcp(),
          Timestamp.from(o.answeredAt())
        },
        Tables.OBSERVATION);
  }

  /**
   * The same row as {@link #toRow}, as Spark's internal row, for executors that hand Spark internal
   * rows: it spares every observation a {@link Row} and a generic conversion (JFR: a tenth of the
   * completion threads' samples in an all-signals scan went to building and converting them).
   */
  public static InternalRow toInternalRow(DnsObservation o) {
    DnsAnswer a = o.answer();
    Object[] records = new Object[a.answers().size()];
    int i = 0;
    for (org.xbill.DNS.Record r : a.answers()) {
      records[i++] =
          new GenericInternalRow(
              new Object[] {
                utf8(r.getName().toString()),
                utf8(typeText(r.getType())),
                r.getTTL(),
                utf8(r.rdataToString())
              });
    }
    boolean reply = a.outcome() == DnsAnswer.Outcome.REPLY;
    return new GenericInternalRow(
        new Object[] {
          o.seq(),
          utf8(a.name().toString()),
          utf8(typeText(a.type())),
          utf8(a.server()),
          utf8(a.outcome().name().toLowerCase(Locale.ROOT)),
          reply ? utf8(Rcode.string(a.rcode())) : null,
          new GenericArrayData(records),
          utf8(a.detail()),
          o.fromCache(),
          a.attempts(),
          a.overTcp(),
          DateTimeUtils.fromJavaTimestamp(Timestamp.from(o.answeredAt()))
        });
  }

  private static UTF8String utf8(String s) {
    return UTF8String.fromString(s);
  }

  /** Mnemonics of the types seen, by type number; dnsjava's lookup is a map per call. */
  private static final String[] TYPE_TEXT = new String[0x10000];

  private static String typeText(int type) {
    String text = TYPE_TEXT[type];
    if (text == null) {
      // A race only computes the same immutable string twice.
      text = Type.string(type);
      TYPE_TEXT[type] = text;
    }
    return text;
  }

  /**
   * Reads an observation back from a row with the {@link Tables#OBSERVATION} fields (nested, or a
   * {@code dns_observations} row).
   *
   * @throws IllegalArgumentException if a field does not parse, naming it
   */
  public static DnsObservation fromRow(Row row) {
    String nameText = row.getString(row.fieldIndex("name"));
    Name name = name(nameText);
    int type = type(row.getString(row.fieldIndex("type")));
    DnsAnswer.Outcome outcome =
        DnsAnswer.Outcome.valueOf(
            row.getString(row.fieldIndex("outcome")).toUpperCase(Locale.ROOT));
    int rcodeIndex = row.fieldIndex("rcode");
    int rcode = row.isNullAt(rcodeIndex) ? -1 : rcode(row.getString(rcodeIndex));
    List<Row> records = row.getList(row.fieldIndex("answers"));
    List<org.xbill.DNS.Record> answers = new ArrayList<>(records.size());
    for (Row r : records) {
      answers.add(record(r));
    }
    DnsAnswer answer =
        new DnsAnswer(
            name,
            type,
            outcome,
            rcode,
            answers,
            row.getString(row.fieldIndex("detail")),
            row.getInt(row.fieldIndex("attempts")),
            row.getBoolean(row.fieldIndex("tcp")),
            row.getString(row.fieldIndex("server")));
    return new DnsObservation(
        row.getInt(row.fieldIndex("seq")),
        answer,
        row.getTimestamp(row.fieldIndex("answered_at")).toInstant());
  }

  private static org.xbill.DNS.Record record(Row r) {
    Name owner = name(r.getString(r.fieldIndex("name")));
    int type = type(r.getString(r.fieldIndex("type")));
    String data = r.getString(r.fieldIndex("data"));
    try {
      return org.xbill.DNS.Record.fromString(
          owner, type, DClass.IN, r.getLong(r.fieldIndex("ttl")), data, Name.root);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Unreadable " + Type.string(type) + " record of " + owner + ": " + data, e);
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalArgumentException("Not a DNS name: " + text, e);
    }
  }

  private static int type(String text) {
    int type = Type.value(text, true);
    if (type < 0) {
      throw new IllegalArgumentException("Unknown record type: " + text);
    }
    return type;
  }

  private static int rcode(String text) {
    int rcode = Rcode.value(text);
    if (rcode < 0) {
      throw new IllegalArgumentException("Unknown rcode: " + text);
    }
    return rcode;
  }
}

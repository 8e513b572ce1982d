package io.mailsov.sample;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Type;

/**
 * Writes records straight into one RFC 1035 master file per origin, as they come.
 *
 * <p>Every origin of the sample is a single label, so a record's zone is its owner's last label.
 * Owners are written relative to {@code $ORIGIN} and TTLs come from {@code $TTL} (RFC 1035 section
 * 5.1, RFC 2308 section 4), which keeps a 6,000,000-domain zone near a gigabyte.
 */
final class ZoneFileSink implements RecordSink, Closeable {
  private static final int BUFFER = 1 << 20;

  private final Map<String, Writer> writers = new HashMap<>();
  private final StringBuilder line = new StringBuilder(256);
  private long records;

  ZoneFileSink(Path dir, List<String> origins) throws IOException {
    try {
      for (String origin : origins) {
        Writer writer =
            new BufferedWriter(
                Files.newBufferedWriter(dir.resolve(fileName(origin)), StandardCharsets.US_ASCII),
                BUFFER);
        writers.put(origin, writer);
        writer.write("$ORIGIN " + origin + ".\n$TTL " + MailRecords.TTL + "\n");
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The zone file name for a single-label origin: {@code nl} gives {@code nl.zone}. */
  static String fileName(String origin) {
    return origin + ".zone";
  }

  long records() {
    return records;
  }

  @Override
  public void add(String owner, int type, String rdata) {
    int dot = owner.lastIndexOf('.');
    String origin = owner.substring(dot + 1);
    Writer writer = writers.get(origin);
    if (writer == null) {
      throw new IllegalStateException("Cannot place " + owner + ": no zone for origin " + origin);
    }
    line.setLength(0);
    line.append(dot < 0 ? "@" : owner.substring(0, dot));
    line.append(' ').append(Type.string(type)).append(' ').append(rdata).append('\n');
    try {
      writer.append(line);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write zone " + origin, e);
    }
    records++;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (Writer writer : writers.values()) {
      try {
        writer.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

package io.mailsov.input;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the columns of a domain list are, found from its header. Optional columns that are absent
 * have index -1. Serializable because the Spark functions that pick fields from each line carry it
 * to the executors.
 *
 * @param domain index of the domain column, always present
 * @param organization index of the organisation name, or -1
 * @param sector index of the sector, or -1
 * @param country index of the country code, or -1
 */
public record InputColumns(int domain, int organization, int sector, int country)
    implements Serializable {
  /** Accepted header names, preferred name first; matched after {@link #key(String)}. */
  static final List<String> DOMAIN_NAMES = List.of("domain", "domain_name", "domainname", "host");

  static final List<String> ORGANIZATION_NAMES =
      List.of("organization", "organisation", "org", "name");
  static final List<String> SECTOR_NAMES = List.of("sector", "category", "type");
  static final List<String> COUNTRY_NAMES = List.of("country", "cc");

  public InputColumns {
    if (domain < 0) {
      throw new IllegalArgumentException("Invalid domain column index " + domain);
    }
    for (int optional : new int[] {organization, sector, country}) {
      if (optional < -1) {
        throw new IllegalArgumentException("Invalid column index " + optional + ", use -1");
      }
    }
  }

  /** {@link #fromHeader(List, String)} for an input without a name. */
  public static InputColumns fromHeader(List<String> header) {
    return fromHeader(header, "input");
  }

  /**
   * Finds the columns by name: case-insensitive, ignoring surrounding whitespace and a byte order
   * mark, with spaces and hyphens read as underscores ("Domain Name" is {@code domain_name}). Where
   * several columns match, the preferred name wins, then the leftmost column.
   *
   * @param header the fields of the header line
   * @param source the input's name for the error message, a file name for example
   * @throws InputException when no column names the domain
   */
  public static InputColumns fromHeader(List<String> header, String source) {
    Objects.requireNonNull(header, "header is null");
    List<String> keys = new ArrayList<>(header.size());
    for (String name : header) {
      keys.add(key(name));
    }

    int domain = find(keys, DOMAIN_NAMES);
    if (domain < 0) {
      throw new InputException(missingDomainMessage(header, source));
    }
    return new InputColumns(
        domain,
        find(keys, ORGANIZATION_NAMES),
        find(keys, SECTOR_NAMES),
        find(keys, COUNTRY_NAMES));
  }

  /** The value at {@code column} of a row, or null when the column is absent or the row short. */
  public static String cell(List<String> row, int column) {
    return column >= 0 && column < row.size() ? row.get(column) : null;
  }

  static String key(String headerName) {
    if (headerName == null) {
      return "";
    }
    String key = headerName.strip();
    while (key.startsWith("\uFEFF")) {
      key = key.substring(1).strip();
    }
    return key.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
  }

  private static int find(List<String> keys, List<String> names) {
    for (String name : names) {
      int index = keys.indexOf(name);
      if (index >= 0) {
        return index;
      }
    }
    return -1;
  }

  private static String missingDomainMessage(List<String> header, String source) {
    List<String> shown = new ArrayList<>(header.size());
    for (String name : header) {
      shown.add(name == null ? "" : DomainNormalizer.shown(name.replace("\uFEFF", ""), 40));
    }
    StringBuilder message =
        new StringBuilder("Cannot read ")
            .append(source)
            .append(": no 'domain' column in header ")
            .append(shown)
            .append("; expected a header naming the domain column")
            .append(" (domain, organization, sector, country)");
    // The usual cause: a list pasted without its header.
    if (!header.isEmpty() && DomainNormalizer.normalize(header.get(0)).accepted()) {
      message
          .append("; the first line looks like data ('")
          .append(shown.get(0))
          .append("'), not a header: add a header line");
    }
    return message.toString();
  }
}

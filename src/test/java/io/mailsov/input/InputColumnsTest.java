package io.mailsov.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputColumnsTest {
  @Test
  void findsAllColumnsByTheirNames() {
    assertThat(InputColumns.fromHeader(List.of("country", "sector", "organization", "domain")))
        .isEqualTo(new InputColumns(3, 2, 1, 0));
  }

  @Test
  void optionalColumnsAreMinusOneWhenAbsent() {
    assertThat(InputColumns.fromHeader(List.of("domain")))
        .isEqualTo(new InputColumns(0, -1, -1, -1));
  }

  @Test
  void matchesCaseInsensitivelyAndIgnoresSpacesAndByteOrderMark() {
    assertThat(InputColumns.fromHeader(List.of("\uFEFF Domain ", "ORGANISATION\r", " Sector")))
        .isEqualTo(new InputColumns(0, 1, 2, -1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"domain_name", "DomainName", "Domain Name", "domain-name", "host"})
  void acceptsAliasesForTheDomainColumn(String name) {
    assertThat(InputColumns.fromHeader(List.of("x", name)).domain()).isEqualTo(1);
  }

  @Test
  void acceptsAliasesForOptionalColumns() {
    assertThat(InputColumns.fromHeader(List.of("host", "name", "category", "cc")))
        .isEqualTo(new InputColumns(0, 1, 2, 3));
    assertThat(InputColumns.fromHeader(List.of("domain", "org", "type")))
        .isEqualTo(new InputColumns(0, 1, 2, -1));
  }

  @Test
  void preferredNameWinsOverAliasWhereverItStands() {
    assertThat(InputColumns.fromHeader(List.of("host", "name", "domain", "organization")))
        .isEqualTo(new InputColumns(2, 3, -1, -1));
  }

  @Test
  void leftmostColumnWinsAmongEqualNames() {
    assertThat(InputColumns.fromHeader(List.of("domain", "domain")).domain()).isZero();
  }

  @Test
  void missingDomainColumnIsAnInputErrorNamingTheHeaderAndTheFix() {
    assertThatThrownBy(() -> InputColumns.fromHeader(List.of("a", "b", "c"), "lists/nl.csv"))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "Cannot read lists/nl.csv: no 'domain' column in header [a, b, c]; expected a header"
                + " naming the domain column (domain, organization, sector, country)");
  }

  @Test
  void missingHeaderIsRecognisedWhenTheFirstLineIsData() {
    assertThatThrownBy(() -> InputColumns.fromHeader(List.of("\uFEFFx.nl", "Gemeente X")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(
            "Cannot read input: no 'domain' column in header [x.nl, Gemeente X]")
        .hasMessageEndingWith(
            "; the first line looks like data ('x.nl'), not a header: add a" + " header line");
  }

  @Test
  void nullHeaderCellsAreTreatedAsEmpty() {
    assertThat(InputColumns.fromHeader(Arrays.asList(null, "domain")).domain()).isEqualTo(1);
  }

  @Test
  void cellReturnsNullForAbsentColumnsAndShortRows() {
    List<String> row = List.of("x.nl", "Gemeente X");

    assertThat(InputColumns.cell(row, 1)).isEqualTo("Gemeente X");
    assertThat(InputColumns.cell(row, -1)).isNull();
    assertThat(InputColumns.cell(row, 2)).isNull();
  }

  @Test
  void survivesJavaSerializationForSparkFunctions() throws Exception {
    InputColumns columns = new InputColumns(2, 0, -1, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(columns);
    }

    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(columns);
    }
  }

  @Test
  void rejectsImpossibleIndices() {
    assertThatIllegalArgumentException().isThrownBy(() -> new InputColumns(-1, -1, -1, -1));
    assertThatIllegalArgumentException().isThrownBy(() -> new InputColumns(0, -2, -1, -1));
  }
}

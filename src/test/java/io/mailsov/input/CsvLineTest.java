package io.mailsov.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvLineTest {
  @Test
  void splitsOnTheDelimiter() {
    assertThat(CsvLine.split("x.nl,Gemeente X,municipality,NL", ','))
        .containsExactly("x.nl", "Gemeente X", "municipality", "NL");
  }

  @Test
  void keepsEmptyFieldsIncludingTrailingOnes() {
    assertThat(CsvLine.split(",a,,", ',')).containsExactly("", "a", "", "");
    assertThat(CsvLine.split("", ',')).containsExactly("");
  }

  @Test
  void quotedFieldsMayHoldDelimitersAndDoubledQuotes() {
    assertThat(CsvLine.split("x.nl,\"Smit, Jansen & \"\"Zn\"\"\",NL", ','))
        .containsExactly("x.nl", "Smit, Jansen & \"Zn\"", "NL");
  }

  @Test
  void quotedEmptyFieldIsEmpty() {
    assertThat(CsvLine.split("\"\",x", ',')).containsExactly("", "x");
  }

  @Test
  void dropsOneTrailingCarriageReturn() {
    assertThat(CsvLine.split("a,b\r", ',')).containsExactly("a", "b");
    assertThat(CsvLine.split("a,\"b\"\r", ',')).containsExactly("a", "b");
  }

  @Test
  void quoteInsideAnUnquotedFieldIsLiteral() {
    assertThat(CsvLine.split("a\"b,c", ',')).containsExactly("a\"b", "c");
  }

  @Test
  void spacesBeforeAnOpeningQuoteAreDropped() {
    assertThat(CsvLine.split("x.nl, \"Smit, Jansen\"", ','))
        .containsExactly("x.nl", "Smit, Jansen");
  }

  @Test
  void textAfterTheClosingQuoteIsKept() {
    assertThat(CsvLine.split("\"a\"b,c", ',')).containsExactly("ab", "c");
  }

  @Test
  void unterminatedQuoteTakesTheRestOfTheLine() {
    assertThat(CsvLine.split("\"x.nl,Org", ',')).containsExactly("x.nl,Org");
  }

  @Test
  void splitsOnTabsAndSemicolonsToo() {
    assertThat(CsvLine.split("a\tb,c\t\"d\te\"", '\t')).containsExactly("a", "b,c", "d\te");
    assertThat(CsvLine.split("a;b,c;d", ';')).containsExactly("a", "b,c", "d");
  }

  @Test
  void returnsAnUnmodifiableList() {
    List<String> fields = CsvLine.split("a,b", ',');

    assertThatThrownBy(() -> fields.add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesAQuoteAsDelimiter() {
    assertThatIllegalArgumentException().isThrownBy(() -> CsvLine.split("a", '"'));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "domain,organization,sector|comma",
        "domain;organization;sector|semicolon",
        "domain\torganization\tsector|tab",
        "domain|comma",
        "''|comma",
        "domain;\"name, official\";sector|semicolon",
        "\"a,b,c\"\td|tab",
        "domain,org;sector|comma",
        "domain\tname;sector;country|semicolon",
        "domain,organisation\tsector\tcountry|tab",
      })
  void detectsTheDelimiterThatOccursMostOutsideQuotes(String header, String delimiter) {
    char expected =
        switch (delimiter) {
          case "tab" -> '\t';
          case "semicolon" -> ';';
          default -> ',';
        };

    assertThat(CsvLine.detectDelimiter(header)).isEqualTo(expected);
  }

  @Test
  void defaultsToCommaForNoHeader() {
    assertThat(CsvLine.detectDelimiter(null)).isEqualTo(',');
  }
}

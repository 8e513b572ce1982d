package io.mailsov.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailRecordsTest {

  @Test
  void labelsMadeFromLongNamesFitRfc1035() {
    String longName = "selector1-nationaal-instituut-voor-werknemersverzekeringen-15-nl-x";
    assertThat(MailRecords.label(longName)).hasSizeLessThanOrEqualTo(63).doesNotEndWith("-");
    assertThat(MailRecords.label("a".repeat(62) + "-b")).isEqualTo("a".repeat(62));
    assertThat(MailRecords.label("short-name")).isEqualTo("short-name");
  }
}

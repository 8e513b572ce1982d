package io.mailsov.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
  @Test
  void parsePinsEveryDefault() {
    SampleCommand.Options options =
        SampleCommand.parse(new String[] {"--count", "5", "--out", "x"});

    assertThat(options.count()).isEqualTo(5);
    assertThat(options.seed()).isEqualTo(1);
    assertThat(options.out()).isEqualTo(Path.of("x"));
    assertThat(options.junkShare()).isEqualTo(0.001);
    assertThat(options.detail()).isEqualTo(RecordDetail.ALL);
  }

  @Test
  void parseRejectsUnknownOptionsMissingValuesAndMissingRequiredOnes() {
    assertThatThrownBy(() -> SampleCommand.parse(new String[] {"--count", "5", "--bogus", "1"}))
        .hasMessageContaining("--bogus");
    assertThatThrownBy(() -> SampleCommand.parse(new String[] {"--count"}))
        .hasMessageContaining("--count needs a value");
    assertThatThrownBy(() -> SampleCommand.parse(new String[] {"--count", "five", "--out", "x"}))
        .hasMessageContaining("five");
    assertThatThrownBy(() -> SampleCommand.parse(new String[] {"--out", "x"}))
        .hasMessageContaining("--count and --out are required");
    assertThatThrownBy(() -> SampleCommand.parse(new String[] {"--detail", "some"}))
        .hasMessageContaining("--detail");
  }

  @Test
  void writesTheFilesABenchScriptReads(@TempDir Path dir) throws IOException {
    SampleCommand.Options options =
        SampleCommand.parse(
            new String[] {
              "--count", "300", "--seed", "4", "--out", dir.toString(), "--detail", "mail"
            });
    SampleWorld world = SampleWorld.generate(4, 300, 0.001);

    SampleCommand.write(world, options);

    assertThat(Files.readAllLines(dir.resolve("truth.csv"))).hasSize(301);
    assertThat(Files.readAllLines(dir.resolve("junk.csv"))).hasSize(world.junkRows().size() + 1);
    assertThat(Files.readAllLines(dir.resolve("duplicates.csv")))
        .hasSize(world.duplicates().size() + 1);
    assertThat(Files.readAllLines(dir.resolve("domains.csv")))
        .hasSize(301 + world.junkRows().size() + world.duplicates().size());
    assertThat(dir.resolve("zones/nl.zone")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve("zones/nl.zone"))).doesNotContain(" TXT ");
  }
}

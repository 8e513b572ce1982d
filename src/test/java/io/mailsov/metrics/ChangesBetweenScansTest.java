package io.mailsov.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.testing.Cli;
import io.mailsov.testing.MovedWorld;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scans of one zone set of 2,000 domains, the second after 5% of them moved their mail
 * (Microsoft to a Dutch hoster, Google to Microsoft, a Dutch hoster to Google): {@code diff} and
 * the {@code changes} view list exactly those domains, and the migration matrix has exactly those
 * moves off its diagonal and sums to the domain count.
 */
class ChangesBetweenScansTest {
  @TempDir Path dir;

  @Test
  void diffListsExactlyTheMovedDomainsAndTheMatrixSumsToTheDomainCount() throws Exception {
    MovedWorld world =
        MovedWorld.generate(55L, 2000, Map.of("microsoft", 34, "google", 33, "national", 33));
    assertThat(world.moved()).hasSize(100);
    String warehouse = dir.resolve("w").toString();
    world.scanTwice(dir, warehouse, "before", "after");

    Cli.Result diff =
        Cli.run(
            "diff",
            "--warehouse",
            warehouse,
            "--from",
            "before",
            "--to",
            "after",
            "--format",
            "csv");
    assertThat(diff.code()).as(diff.err()).isZero();
    Set<String> listed = new TreeSet<>();
    diff.out().lines().skip(1).forEach(l -> listed.add(l.split(",")[0]));
    assertThat(listed).isEqualTo(world.moved().keySet());
    assertThat(diff.out()).contains(",microsoft,transip,microsoft,national\r\n");

    Cli.Result changes =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
            "SELECT domain, from_category, to_category FROM changes"
                + " WHERE from_scan_id = 'before' AND to_scan_id = 'after'");
    assertThat(changes.code()).as(changes.err()).isZero();
    Set<String> expected = new TreeSet<>();
    world.moved().forEach((domain, move) -> expected.add(domain + "," + move));
    assertThat(new TreeSet<>(changes.out().lines().skip(1).toList()))
        .as("the changes view, with each domain's categories")
        .isEqualTo(expected);

    Cli.Result matrix =
        Cli.run(
            "sql",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
            "SELECT from_category, to_category, domains FROM migration_matrix"
                + " WHERE from_scan_id = 'before' AND from_category <> to_category"
                + " UNION ALL SELECT 'all', 'all', sum(domains) FROM migration_matrix"
                + " WHERE from_scan_id = 'before'");
    assertThat(matrix.code()).as(matrix.err()).isZero();
    assertThat(matrix.out().lines().skip(1).toList())
        .containsExactlyInAnyOrder(
            "microsoft,national,34", "google,microsoft,33", "national,google,33", "all,all,2000");
  }
}

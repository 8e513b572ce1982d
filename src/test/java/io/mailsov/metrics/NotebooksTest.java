package io.mailsov.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsov.testing.MovedWorld;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every code cell of every notebook in {@code notebooks/}, in order, in JShell (what the JJava
 * kernel runs them with) on this project's class path, against a small generated warehouse of two
 * scans; any compile error, rejected or unresolved snippet or exception fails the notebook, so the
 * notebooks cannot rot. JShell runs in this JVM ("local" execution), so the notebooks share the
 * test's Spark session instead of starting their own.
 */
class NotebooksTest {
  private static final Path NOTEBOOKS = Path.of("notebooks");

  @TempDir static Path dir;

  @BeforeAll
  static void warehouse() throws IOException {
    MovedWorld world =
        MovedWorld.generate(7L, 300, Map.of("microsoft", 5, "google", 5, "national", 5));
    String warehouse = dir.resolve("w").toString();
    world.scanTwice(dir, warehouse, "first", "second");
    System.setProperty("mailsov.warehouse", warehouse);
  }

  @TestFactory
  Stream<DynamicTest> everyNotebookRunsWithoutError() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertThat(notebooks)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "01-overview.ipynb", "02-sector-drilldown.ipynb", "03-scan-comparison.ipynb");
    return notebooks.stream()
        .map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> run(nb)));
  }

  private static void run(Path notebook) throws IOException {
    JsonNode root = new ObjectMapper().readTree(notebook.toFile());
    assertThat(root.at("/metadata/kernelspec/language").asText()).isEqualTo("java");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (JShell shell = JShell.builder().executionEngine("local").out(out).err(out).build()) {
      classPath().forEach(shell::addToClasspath);
      int cell = 0;
      int values = 0;
      for (JsonNode c : root.get("cells")) {
        cell++;
        if (!c.get("cell_type").asText().equals("code")) {
          continue;
        }
        StringBuilder source = new StringBuilder();
        c.get("source").forEach(line -> source.append(line.asText()));
        String last = runCell(shell, notebook, cell, source.toString());
        if (last != null && !last.isBlank()) {
          values++;
        }
      }
      assertThat(values).as("%s: cells that showed a value", notebook).isGreaterThan(3);
    }
  }

  /** Runs one cell snippet by snippet; returns the value of its last snippet. */
  private static String runCell(JShell shell, Path notebook, int cell, String source) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String rest = source;
    String value = null;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      String where = notebook.getFileName() + " cell " + cell;
      assertThat(info.completeness())
          .as("%s: incomplete code at%n%s", where, rest)
          .isIn(
              SourceCodeAnalysis.Completeness.COMPLETE,
              SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI,
              SourceCodeAnalysis.Completeness.EMPTY);
      String snippet = info.source();
      rest = info.remaining();
      if (snippet == null || snippet.isBlank()) {
        continue;
      }
      for (SnippetEvent e : shell.eval(snippet)) {
        if (e.causeSnippet() != null) {
          continue; // a dependent snippet's update, not this one
        }
        String what = where + ": " + snippet.strip();
        if (e.exception() != null) {
          throw new AssertionError(what + "\nthrew " + describe(e.exception()), e.exception());
        }
        assertThat(e.status())
            .as("%s%n%s", what, diagnostics(shell, e.snippet()))
            .isIn(Snippet.Status.VALID, Snippet.Status.OVERWRITTEN);
        value = e.value();
      }
    }
    return value;
  }

  private static String describe(Throwable t) {
    if (t instanceof EvalException ee) {
      return ee.getExceptionClassName() + ": " + ee.getMessage();
    }
    return t.toString();
  }

  private static String diagnostics(JShell shell, Snippet s) {
    StringBuilder text = new StringBuilder();
    shell.diagnostics(s).map(Diag::toString).forEach(d -> text.append(d).append('\n'));
    if (s instanceof DeclarationSnippet d) {
      shell
          .unresolvedDependencies(d)
          .forEach(u -> text.append("unresolved: ").append(u).append('\n'));
    }
    return text.toString();
  }

  /**
   * The test class path as file names. Surefire may hand the JVM a single jar whose manifest lists
   * the real entries, so manifests are followed.
   */
  private static Set<String> classPath() throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.add(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
        continue;
      }
      try (JarFile jar = new JarFile(entry)) {
        Manifest manifest = jar.getManifest();
        String listed =
            manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
        if (listed == null) {
          continue;
        }
        for (String url : listed.trim().split("\\s+")) {
          entries.add(
              url.startsWith("file:")
                  ? Path.of(URI.create(url)).toString()
                  : Path.of(entry).resolveSibling(url).toString());
        }
      }
    }
    return entries;
  }
}

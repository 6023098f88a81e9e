package ai.dynamo.test.engine.merge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jacoco.core.analysis.Analyzer;
import org.jacoco.core.analysis.CoverageBuilder;
import org.jacoco.core.analysis.IClassCoverage;
import org.jacoco.core.analysis.ICounter;
import org.jacoco.core.tools.ExecFileLoader;

/**
 * Compares the coverage by test type of two reports directories line by line: each {@code
 * coverage/<type>.exec} of both, analysed with JaCoCo's analyzer against the same class files. For
 * each type it prints the covered lines of both and the lines only one of them covered ({@code
 * Class:line}); it exits with 1 when they differ. {@code .ci/shards} runs it on the unsharded and
 * the merged reports of the examples' nightly stage.
 *
 * <pre>
 * java -cp ... ai.dynamo.test.engine.merge.CoverageComparison CLASSES EXPECTED_DIR ACTUAL_DIR
 * </pre>
 */
public final class CoverageComparison {

  private static final int SHOWN = 5;

  private CoverageComparison() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("Usage: CoverageComparison CLASSES EXPECTED_REPORTS ACTUAL_REPORTS");
      System.exit(2);
    }
    Path classes = Path.of(args[0]);
    Path expected = Path.of(args[1]).resolve("coverage");
    Path actual = Path.of(args[2]).resolve("coverage");
    TreeSet<String> types = new TreeSet<>();
    types.addAll(types(expected));
    types.addAll(types(actual));
    if (types.isEmpty()) {
      System.out.println("[coverage] no exec data in " + expected + " nor " + actual);
      System.exit(1);
    }
    boolean equal = true;
    System.out.printf(
        Locale.ROOT,
        "[coverage] %-22s %9s %9s %16s %14s%n",
        "type",
        "expected",
        "actual",
        "only expected",
        "only actual");
    for (String type : types) {
      TreeSet<String> a = coveredLines(classes, expected.resolve(type + ".exec"));
      TreeSet<String> b = coveredLines(classes, actual.resolve(type + ".exec"));
      List<String> onlyA = a.stream().filter(line -> !b.contains(line)).toList();
      List<String> onlyB = b.stream().filter(line -> !a.contains(line)).toList();
      equal &= onlyA.isEmpty() && onlyB.isEmpty();
      System.out.printf(
          Locale.ROOT,
          "[coverage] %-22s %9d %9d %16d %14d%n",
          type,
          a.size(),
          b.size(),
          onlyA.size(),
          onlyB.size());
      show("only expected", onlyA);
      show("only actual", onlyB);
    }
    System.out.println(
        equal
            ? "[coverage] equal line for line"
            : "[coverage] the covered lines differ (lines named Class:line)");
    System.exit(equal ? 0 : 1);
  }

  private static void show(String label, List<String> lines) {
    if (!lines.isEmpty()) {
      List<String> shown = new ArrayList<>(lines.subList(0, Math.min(SHOWN, lines.size())));
      if (lines.size() > SHOWN) {
        shown.add("... " + (lines.size() - SHOWN) + " more");
      }
      System.out.println("[coverage]   " + label + ": " + String.join(", ", shown));
    }
  }

  private static List<String> types(Path coverage) throws IOException {
    if (!Files.isDirectory(coverage)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(coverage)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".exec"))
          .map(name -> name.substring(0, name.length() - ".exec".length()))
          .toList();
    }
  }

  /** The lines that {@code exec} covers fully or partly, as {@code Class:line}. */
  static TreeSet<String> coveredLines(Path classes, Path exec) throws IOException {
    TreeSet<String> covered = new TreeSet<>();
    if (!Files.isRegularFile(exec)) {
      return covered;
    }
    ExecFileLoader loader = new ExecFileLoader();
    loader.load(exec.toFile());
    CoverageBuilder builder = new CoverageBuilder();
    new Analyzer(loader.getExecutionDataStore(), builder).analyzeAll(classes.toFile());
    for (IClassCoverage type : builder.getClasses()) {
      for (int line = type.getFirstLine(); line >= 0 && line <= type.getLastLine(); line++) {
        int status = type.getLine(line).getStatus();
        if (status == ICounter.FULLY_COVERED || status == ICounter.PARTLY_COVERED) {
          covered.add(type.getName().replace('/', '.') + ":" + line);
        }
      }
    }
    return covered;
  }
}

package ai.dynamo.test.engine.coverage;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.jacoco.core.analysis.Analyzer;
import org.jacoco.core.analysis.CoverageBuilder;
import org.jacoco.core.analysis.IBundleCoverage;
import org.jacoco.core.analysis.IClassCoverage;
import org.jacoco.core.analysis.ICounter;
import org.jacoco.core.data.ExecutionDataStore;
import org.jacoco.core.tools.ExecFileLoader;

/**
 * Line and branch coverage per test type, analysed from the exec files a {@link CoverageRecorder}
 * wrote against the class files of the code under test.
 *
 * <pre>{@code
 * CoverageReport report = CoverageReport.analyze(reportsDir.resolve("coverage"), classDirs);
 * report.byType().get("unit").lineRatio();
 * }</pre>
 *
 * @param byType the figures of each test type that ran ({@code unit}, {@code e2e}, {@code
 *     unclassified}, ...); never the {@link CoverageRecorder#MIXED mixed} and {@link
 *     CoverageRecorder#OUTSIDE outside} buckets, which belong to no type
 * @param combined the figures of all buckets together, {@code mixed} and {@code outside} included
 * @param slowOnly lines reached by a type other than unit (not by unclassified, mixed or outside
 *     data) but by no unit test, by class name ({@code com/example/Foo}) to line numbers
 */
@API(status = INTERNAL, since = "0.1")
public record CoverageReport(
    Map<String, Figures> byType, Figures combined, Map<String, List<Integer>> slowOnly) {

  /** The text reports give when no agent was attached, never a 0%. */
  public static final String NOT_MEASURED = "coverage not measured (no JaCoCo agent)";

  /**
   * Covered and total lines and branches.
   *
   * @param linesCovered lines with at least one instruction run
   * @param lines lines with code
   * @param branchesCovered branches taken
   * @param branches branches
   */
  public record Figures(int linesCovered, int lines, int branchesCovered, int branches) {

    /** Covered lines over lines, 0 when there are none. */
    public double lineRatio() {
      return lines == 0 ? 0 : (double) linesCovered / lines;
    }

    /** Covered branches over branches, 0 when there are none. */
    public double branchRatio() {
      return branches == 0 ? 0 : (double) branchesCovered / branches;
    }

    /** {@code 75.0% lines (3/4), 50.0% branches (1/2)}. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%.1f%% lines (%d/%d), %.1f%% branches (%d/%d)",
          100 * lineRatio(),
          linesCovered,
          lines,
          100 * branchRatio(),
          branchesCovered,
          branches);
    }
  }

  /**
   * Analyses every {@code *.exec} in {@code execDir} against the class files in {@code classes}.
   */
  public static CoverageReport analyze(Path execDir, List<Path> classes) {
    Map<String, Figures> byType = new LinkedHashMap<>();
    Map<String, Map<String, Set<Integer>>> linesByType = new LinkedHashMap<>();
    ExecFileLoader all = new ExecFileLoader();
    try {
      for (String bucket : CoverageRecorder.buckets(execDir)) {
        File file = execDir.resolve(bucket + ".exec").toFile();
        ExecFileLoader loader = new ExecFileLoader();
        loader.load(file);
        all.load(file);
        if (!isTestType(bucket)) {
          // Data of several types at once, or of none: it counts in the combined figure only.
          continue;
        }
        CoverageBuilder builder = analyze(loader.getExecutionDataStore(), classes);
        byType.put(bucket, figures(builder.getBundle(bucket)));
        linesByType.put(bucket, coveredLines(builder));
      }
      Figures combined = figures(analyze(all.getExecutionDataStore(), classes).getBundle("all"));
      return new CoverageReport(byType, combined, slowOnly(linesByType));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the exec file {@code bucket} holds the data of one test type. */
  static boolean isTestType(String bucket) {
    return !bucket.equals(CoverageRecorder.MIXED) && !bucket.equals(CoverageRecorder.OUTSIDE);
  }

  /**
   * The types whose line coverage is below their minimum, one sentence each; a type with a minimum
   * but no tests run counts as 0.
   */
  public List<String> belowMinimum(Map<String, Double> minimums) {
    List<String> failures = new ArrayList<>();
    minimums.forEach(
        (type, minimum) -> {
          Figures f = byType.get(type);
          double actual = f == null ? 0 : f.lineRatio();
          if (actual < minimum) {
            failures.add(
                String.format(
                    Locale.ROOT,
                    "Line coverage of %s tests is %s, below the minimum %s"
                        + " (dynamo.coverage.minimum.%s=%s).",
                    type,
                    f == null ? "not measured (no " + type + " test ran)" : percent(actual),
                    percent(minimum),
                    type,
                    minimum));
          }
        });
    return failures;
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  private static CoverageBuilder analyze(ExecutionDataStore store, List<Path> classes)
      throws IOException {
    CoverageBuilder builder = new CoverageBuilder();
    Analyzer analyzer = new Analyzer(store, builder);
    for (Path dir : classes) {
      if (Files.exists(dir)) {
        analyzer.analyzeAll(dir.toFile());
      }
    }
    return builder;
  }

  private static Figures figures(IBundleCoverage bundle) {
    return new Figures(
        bundle.getLineCounter().getCoveredCount(),
        bundle.getLineCounter().getTotalCount(),
        bundle.getBranchCounter().getCoveredCount(),
        bundle.getBranchCounter().getTotalCount());
  }

  private static Map<String, Set<Integer>> coveredLines(CoverageBuilder builder) {
    Map<String, Set<Integer>> covered = new TreeMap<>();
    for (IClassCoverage cls : builder.getClasses()) {
      Set<Integer> lines = new TreeSet<>();
      for (int line = cls.getFirstLine(); line >= 0 && line <= cls.getLastLine(); line++) {
        int status = cls.getLine(line).getStatus();
        if (status == ICounter.FULLY_COVERED || status == ICounter.PARTLY_COVERED) {
          lines.add(line);
        }
      }
      if (!lines.isEmpty()) {
        covered.put(cls.getName(), lines);
      }
    }
    return covered;
  }

  private static Map<String, List<Integer>> slowOnly(
      Map<String, Map<String, Set<Integer>>> byType) {
    Map<String, Set<Integer>> unit = byType.getOrDefault("unit", Map.of());
    Map<String, Set<Integer>> slow = new TreeMap<>();
    byType.forEach(
        (type, classes) -> {
          if (type.equals("unit") || type.equals("unclassified")) {
            return;
          }
          classes.forEach(
              (cls, lines) -> {
                for (Integer line : lines) {
                  if (!unit.getOrDefault(cls, Set.of()).contains(line)) {
                    slow.computeIfAbsent(cls, k -> new TreeSet<>()).add(line);
                  }
                }
              });
        });
    Map<String, List<Integer>> result = new TreeMap<>();
    slow.forEach((cls, lines) -> result.put(cls, List.copyOf(lines)));
    return result;
  }
}

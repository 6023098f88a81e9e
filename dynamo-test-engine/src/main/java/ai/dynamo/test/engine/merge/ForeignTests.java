package ai.dynamo.test.engine.merge;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.history.JUnitXmlReports;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.report.Summary;
import ai.dynamo.test.engine.report.Summary.ForeignReport;
import ai.dynamo.test.engine.report.Summary.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The tests of other runners (pytest, cargo-nextest), read from their JUnit XML reports and given
 * stages, types and requirements by the {@code --foreign-rules} file: what {@link MergeReports}
 * adds to the merged summary and plan, and what {@code StrategyDocument} adds to the strategy
 * table. A test the rules do not classify is kept, with no stage or no type, and listed; a marker
 * no rule maps is counted. Markers are read from the test cases' {@code <property name="marker"
 * value="..."/>}, as a pytest {@code conftest.py} writes them with {@code record_property}.
 *
 * <pre>{@code
 * ForeignTests foreign =
 *     ForeignTests.read(List.of("pytest:python/junit.xml"), Path.of("dynamo-foreign.properties"),
 *         Path.of(""));
 * List<Plan.PlannedTest> planned = foreign.planned();
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class ForeignTests {

  /** The test-case property that holds a marker, once per marker. */
  public static final String MARKER_PROPERTY = "marker";

  /**
   * The file of the merged reports directory listing the unclassified tests and unmapped markers.
   */
  public static final String UNCLASSIFIED_FILE = "foreign-unclassified.txt";

  /** No reports: nothing to add. */
  static final ForeignTests NONE = new ForeignTests(List.of(), List.of(), List.of(), List.of());

  private final List<TestResult> tests;
  private final List<Plan.PlannedTest> planned;
  private final List<ForeignReport> reports;
  private final List<String> unclassified;

  private ForeignTests(
      List<TestResult> tests,
      List<Plan.PlannedTest> planned,
      List<ForeignReport> reports,
      List<String> unclassified) {
    this.tests = tests;
    this.planned = planned;
    this.reports = reports;
    this.unclassified = unclassified;
  }

  /**
   * Reads the reports {@code specs} name, {@code runner:path} each, relative paths resolved against
   * {@code base}, and classifies their tests by the rules file {@code rules} ({@code null}: no
   * rules, every test unclassified).
   *
   * @throws IllegalArgumentException for a spec without a known runner, or a report that is missing
   *     or not JUnit XML
   * @throws ai.dynamo.test.engine.configuration.ConfigurationException for a bad rules file
   */
  public static ForeignTests read(List<String> specs, Path rules, Path base) {
    ForeignRules loaded =
        rules == null ? ForeignRules.NONE : ForeignRules.load(base.resolve(rules));
    List<TestResult> tests = new ArrayList<>();
    Map<String, Plan.PlannedTest> planned = new LinkedHashMap<>();
    List<ForeignReport> reports = new ArrayList<>();
    List<String> unclassified = new ArrayList<>();
    for (String spec : specs) {
      int colon = spec.indexOf(':');
      Optional<ForeignRunner> runner =
          colon < 0 ? Optional.empty() : ForeignRunner.parse(spec.substring(0, colon));
      if (runner.isEmpty()) {
        throw new IllegalArgumentException(
            "'"
                + spec
                + "' names no runner: write <runner>:<file>, the runner one of "
                + ForeignRunner.all()
                + ".");
      }
      String given = spec.substring(colon + 1).strip();
      readOne(
          runner.get(), given, base.resolve(given), loaded, tests, planned, reports, unclassified);
    }
    return new ForeignTests(
        List.copyOf(tests),
        List.copyOf(planned.values()),
        List.copyOf(reports),
        List.copyOf(unclassified));
  }

  private static void readOne(
      ForeignRunner runner,
      String given,
      Path file,
      ForeignRules rules,
      List<TestResult> tests,
      Map<String, Plan.PlannedTest> planned,
      List<ForeignReport> reports,
      List<String> unclassified) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Cannot merge: no JUnit XML report at "
              + ShardReports.name(file)
              + " ("
              + MergeOptions.JUNIT_XML
              + " "
              + runner.label()
              + ":"
              + given
              + ").");
    }
    List<JUnitXmlReports.Suite> suites;
    try {
      suites = JUnitXmlReports.suites(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot merge " + runner.label() + " report: " + e.getMessage());
    }
    if (suites.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot merge: " + ShardReports.name(file) + " is no JUnit XML report (no testsuite).");
    }
    int invocations = 0;
    int unclassifiedInvocations = 0;
    Map<String, Integer> unmapped = new TreeMap<>();
    // The passed invocations of one parameterized test, counted in one entry as the engine does.
    Map<String, Integer> passedAt = new LinkedHashMap<>();
    int first = tests.size();
    for (JUnitXmlReports.Suite suite : suites) {
      for (JUnitXmlReports.TestCase test : suite.testCases()) {
        String name = runner.name(suite.name(), test.className(), test.name(), test.file());
        String method = withoutParameters(name);
        List<String> markers =
            test.properties().stream()
                .filter(p -> p.getKey().equals(MARKER_PROPERTY) && !p.getValue().isEmpty())
                .map(Map.Entry::getValue)
                .distinct()
                .toList();
        ForeignRules.Classified labels = rules.classify(runner, method, markers);
        labels.unmapped().forEach(m -> unmapped.merge(m, 1, Integer::sum));
        invocations++;
        List<String> stages = labels.stages().stream().map(LabelNames::of).toList();
        String type = labels.kind().map(LabelNames::of).orElse(null);
        List<String> tags = markers.stream().sorted().toList();
        String className = className(method);
        if (labels.isUnclassified()) {
          unclassifiedInvocations++;
          if (!planned.containsKey(method)) {
            unclassified.add(
                runner.label()
                    + " "
                    + method
                    + ": "
                    + (labels.stages().isEmpty() ? "no stage" : "stage " + String.join(",", stages))
                    + ", "
                    + (type == null ? "no type" : "type " + type)
                    + " (markers: "
                    + (markers.isEmpty() ? "none" : String.join(", ", markers))
                    + ")");
          }
        }
        planned.putIfAbsent(
            method,
            new Plan.PlannedTest(
                method,
                className,
                stages,
                type,
                labels.requirements(),
                tags,
                List.of(),
                List.of(),
                true,
                null,
                null,
                null,
                null,
                labels.classifiedBy().orElse(null),
                runner.label(),
                null));
        String outcome = test.result().name().toLowerCase(Locale.ROOT);
        Integer at = outcome.equals("passed") && !method.equals(name) ? passedAt.get(method) : null;
        if (at != null) {
          TestResult counted = tests.get(at);
          tests.set(
              at,
              new TestResult(
                  method,
                  counted.className(),
                  counted.stages(),
                  counted.type(),
                  counted.requirements(),
                  counted.tags(),
                  counted.features(),
                  counted.tutorials(),
                  counted.outcome(),
                  counted.message(),
                  counted.durationMillis() + test.millis(),
                  counted.invocations() + 1,
                  counted.runner()));
          continue;
        }
        if (outcome.equals("passed") && !method.equals(name)) {
          passedAt.put(method, tests.size());
        }
        tests.add(
            new TestResult(
                name,
                className,
                stages,
                type,
                labels.requirements(),
                tags,
                List.of(),
                List.of(),
                outcome,
                test.message(),
                test.millis(),
                1,
                runner.label()));
      }
    }
    if (tests.size() == first) {
      throw new IllegalArgumentException(
          "Cannot merge: " + ShardReports.name(file) + " reports no test case.");
    }
    unmapped.forEach(
        (marker, count) ->
            unclassified.add(
                runner.label()
                    + " marker "
                    + marker
                    + ": no rule maps it ("
                    + count
                    + (count == 1 ? " test)" : " tests)")));
    reports.add(
        new ForeignReport(
            runner.label(),
            given,
            invocations,
            unclassifiedInvocations,
            unmapped.entrySet().stream()
                .map(
                    e ->
                        e.getKey()
                            + " ("
                            + e.getValue()
                            + (e.getValue() == 1 ? " test)" : " tests)"))
                .toList()));
  }

  /** {@code a.py::test_b} for {@code a.py::test_b[1-x]}. */
  private static String withoutParameters(String name) {
    int bracket = name.indexOf('[', Math.max(0, name.lastIndexOf("::")));
    return bracket > 0 && name.endsWith("]") ? name.substring(0, bracket) : name;
  }

  /** What contains the test: {@code a.py::TestB} for {@code a.py::TestB::test_c}. */
  private static String className(String method) {
    int last = method.lastIndexOf("::");
    return last < 0 ? method : method.substring(0, last);
  }

  /**
   * The test results, one per invocation but for passed invocations of one test, counted as one.
   */
  List<TestResult> tests() {
    return tests;
  }

  /** The tests as a plan lists them, one per test (not per parameter), each selected. */
  public List<Plan.PlannedTest> planned() {
    return planned;
  }

  /** What each report held; empty when no report was read. */
  List<ForeignReport> reports() {
    return reports;
  }

  /**
   * One line per unclassified test ({@code pytest a.py::test_b: no stage, type e2e (markers: e2e)})
   * and per unmapped marker ({@code pytest marker slow: no rule maps it (3 tests)}).
   */
  List<String> unclassified() {
    return unclassified;
  }

  boolean isEmpty() {
    return reports.isEmpty();
  }

  /** The outcome counts of {@link #tests()}, for the totals: passed, flaky, failed, skipped. */
  Summary.Counts counts() {
    int[] counts = new int[4];
    for (TestResult test : tests) {
      int index =
          switch (test.outcome()) {
            case "passed" -> 0;
            case "flaky" -> 1;
            case "failed" -> 2;
            default -> 3;
          };
      counts[index] += test.invocations();
    }
    return new Summary.Counts(
        counts[0] + counts[1] + counts[2] + counts[3],
        counts[0],
        counts[1],
        counts[2],
        0,
        0,
        counts[3],
        0);
  }
}

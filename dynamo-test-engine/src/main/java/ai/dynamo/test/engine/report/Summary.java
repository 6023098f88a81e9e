package ai.dynamo.test.engine.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.coverage.CoverageReport;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A finished run as {@code summary.json} holds it, and as the Markdown and HTML reports render it.
 * Documented by {@code docs/schemas/summary.schema.json}.
 *
 * @param schemaVersion the version of this format, {@value #SCHEMA_VERSION}
 * @param run what ran and when
 * @param totals outcome counts over all tests that were part of the run
 * @param matrix outcome counts per stage and type
 * @param tests every test of the run with its labels, outcome and duration; the passed invocations
 *     of one parameterized, repeated or dynamic test in one entry
 * @param excluded tests discovered but not run, each with the reason
 * @param flaky the flaky tests: passed after a retry, or quarantined after failing every attempt
 * @param flipCandidates the tests of the run whose outcome changed at one revision of the history
 * @param budget the time budget against the plan and the run
 * @param features feature coverage
 * @param docs documentation coverage
 * @param coverage code coverage by test type (JaCoCo)
 */
@API(status = INTERNAL, since = "0.1")
public record Summary(
    int schemaVersion,
    Run run,
    Counts totals,
    List<MatrixCell> matrix,
    List<TestResult> tests,
    List<Excluded> excluded,
    List<FlakyTest> flaky,
    List<FlipCandidate> flipCandidates,
    Budget budget,
    Coverage features,
    Coverage docs,
    CodeCoverage coverage) {

  /**
   * 2: the outcome {@code flaky}, {@code flaky}, {@code budget} and {@code coverage}; 3: the passed
   * invocations of a method counted together in one test entry, with their {@code invocations}.
   */
  static final int SCHEMA_VERSION = 3;

  /** The outcome of a test that cites a feature or doc section but was not run. */
  public static final String NOT_RUN = SummaryBuilder.NOT_RUN;

  /**
   * The reason a test is excluded when it was selected but is not in the launcher's test plan: a
   * launcher filter removed it, or it is in another shard.
   */
  public static final String FILTERED = SummaryBuilder.FILTERED;

  /**
   * The code coverage of {@code report} with the minimums of {@code dynamo.coverage.minimum.<type>}
   * checked, as a run reports it.
   */
  public static CodeCoverage codeCoverage(CoverageReport report, Map<String, Double> minimums) {
    return SummaryBuilder.codeCoverage(report, minimums);
  }

  /** Code coverage that was not measured, with the reason: never reported as 0%. */
  public static CodeCoverage coverageNotMeasured(String reason) {
    return SummaryBuilder.coverageNotMeasured(reason);
  }

  /**
   * @param selection the selection, empty when every test was selected
   * @param dryRun whether nothing was executed
   * @param startedAt ISO-8601
   * @param durationMillis wall-clock time of the run; of a merged run, the longest shard's
   * @param shard {@code i/n} for a run of one shard ({@code dynamo.shard}), otherwise {@code null}
   * @param revision the code revision the run tested, as the history records it; {@code null} when
   *     unknown
   * @param merge how the summaries of shard runs were merged into this one; {@code null} for the
   *     summary of one run
   */
  public record Run(
      String selection,
      boolean dryRun,
      String startedAt,
      long durationMillis,
      String shard,
      String revision,
      Merge merge) {

    /** A run of no shard, at an unknown revision, not merged. */
    Run(String selection, boolean dryRun, String startedAt, long durationMillis) {
      this(selection, dryRun, startedAt, durationMillis, null, null, null);
    }
  }

  /**
   * How a merged summary was put together from the summaries of shard runs ({@code MergeReports}).
   *
   * @param shards how many shards the stage was split into, the {@code n} of {@code
   *     dynamo.shard=i/n}
   * @param merged the indexes of the shards merged, from 1
   * @param missing the indexes of the shards not merged: not empty only for a partial merge ({@code
   *     --partial}), whose totals then lack those shards' tests
   * @param machineMillis the sum of the shards' wall-clock times: the machine time the stage took,
   *     where {@link Run#durationMillis()} is the longest shard's
   * @param foreign the JUnit XML reports of other runners merged in ({@code --junit-xml}), one
   *     entry per report; {@code null} when none was
   */
  public record Merge(
      int shards,
      List<Integer> merged,
      List<Integer> missing,
      long machineMillis,
      List<ForeignReport> foreign) {

    /** Whether shards are missing. */
    boolean partial() {
      return !missing.isEmpty();
    }
  }

  /**
   * @param tests the tests of the run: {@code passed + flaky + failed + aborted + skipped}
   * @param flaky passed only after failing (retried {@code @Flaky} tests)
   * @param quarantined of the {@code aborted}, the quarantined flaky tests that failed every
   *     attempt
   * @param excluded discovered but not part of the run
   */
  public record Counts(
      int tests,
      int passed,
      int flaky,
      int failed,
      int aborted,
      int quarantined,
      int skipped,
      int excluded) {}

  public record MatrixCell(
      String stage, String type, int passed, int flaky, int failed, int aborted, int skipped) {

    int total() {
      return passed + flaky + failed + aborted + skipped;
    }
  }

  /**
   * A {@code @Flaky} test that needed a retry.
   *
   * @param name as in {@link TestResult#name()}
   * @param type the type label, {@code null} when unclassified
   * @param quarantined {@code false}: it failed, then passed ({@code outcome} {@code flaky});
   *     {@code true}: it failed every attempt and {@code dynamo.flaky=quarantine} reported it
   *     aborted
   * @param message what the retries saw: {@code failed 1 of 2 attempts, then passed; known flaky:
   *     reason (issue)}, or the quarantine's message
   */
  public record FlakyTest(String name, String type, boolean quarantined, String message) {}

  /**
   * A test of the run that is a flip candidate: at one revision the history, this run's records
   * merged, holds both a pass and a failure of it, or a flaky pass ({@code
   * ai.dynamo.test.engine.history.FlipCandidates.Candidate}).
   *
   * @param test {@code com.example.FooTest#bar()}
   * @param revision the revision its outcomes differed at, as recorded (a full commit id)
   * @param passed its executions at that revision that passed at the first attempt
   * @param failed its executions at that revision that failed
   * @param flaky its executions at that revision that failed, then passed on a retry
   */
  public record FlipCandidate(String test, String revision, int passed, int failed, int flaky) {}

  /**
   * The time budget ({@code dynamo.budget}, else the sum of the selected stages' {@code
   * dynamo.budget.<stage>}) against what the run planned and used.
   *
   * @param budgetMillis the budget; {@code null} when none is set
   * @param source how it was set, such as {@code dynamo.budget=45m}; empty when none is set
   * @param plannedMillis the sum of the expected durations of the tests of the run; {@code null}
   *     when there is no plan
   * @param plannedFromHistory how many of those durations the history measured
   * @param plannedByType how many were guessed from the test's type, for lack of history
   * @param elapsedMillis the wall-clock time of the run
   * @param percentUsed elapsed over budget, in percent, one decimal; {@code null} when no budget
   * @param notStarted the tests not started because the budget was spent
   */
  public record Budget(
      Long budgetMillis,
      String source,
      Long plannedMillis,
      int plannedFromHistory,
      int plannedByType,
      long elapsedMillis,
      Double percentUsed,
      List<String> notStarted) {

    boolean isSet() {
      return budgetMillis != null;
    }
  }

  /**
   * Line and branch coverage by test type, from the JaCoCo agent's data.
   *
   * @param measured whether an agent was attached and its data analysed
   * @param reason why not, when not measured: {@code coverage not measured (no JaCoCo agent)}
   * @param types each test type that ran ({@code unit}, {@code e2e}, {@code unclassified}); data
   *     taken while no test or tests of several types ran counts only in {@code combined}
   * @param combined every type together, with the data of no single type
   * @param slowOnly the code reached by a type other than unit but by no unit test
   * @param belowMinimum the types below their {@code dynamo.coverage.minimum.<type>}, one sentence
   *     each
   */
  public record CodeCoverage(
      boolean measured,
      String reason,
      List<TypeCoverage> types,
      CoverageFigures combined,
      List<SlowOnly> slowOnly,
      List<String> belowMinimum) {}

  /**
   * @param minimum the line ratio required by {@code dynamo.coverage.minimum.<type>}, if set
   * @param belowMinimum whether the line ratio is below it
   */
  public record TypeCoverage(
      String type, CoverageFigures figures, Double minimum, boolean belowMinimum) {}

  /** Covered and total lines and branches, with their ratios (0 to 1; 0 when there are none). */
  public record CoverageFigures(
      int linesCovered,
      int lines,
      double lineRatio,
      int branchesCovered,
      int branches,
      double branchRatio) {}

  /**
   * @param className {@code com.example.Foo}
   * @param lines the line numbers
   */
  public record SlowOnly(String className, List<Integer> lines) {}

  /**
   * The JUnit XML report of another runner (pytest, cargo-nextest) merged into a summary.
   *
   * @param runner {@code pytest} or {@code nextest}
   * @param file the report, as given
   * @param tests the test invocations it reported, all counted in the totals
   * @param unclassified of them, those the rules gave no stage or no type
   * @param unmappedMarkers the markers of its tests that no rule maps, each with the number of
   *     tests that carry it: {@code slow (3 tests)}
   */
  public record ForeignReport(
      String runner, String file, int tests, int unclassified, List<String> unmappedMarkers) {}

  /**
   * One test of the run.
   *
   * @param name {@code com.example.FooTest#bar()}, with the invocation's display name after it for
   *     parameterized and dynamic tests
   * @param outcome {@code passed}, {@code flaky}, {@code failed}, {@code aborted} or {@code
   *     skipped}
   * @param message the failure message or skip reason, or for {@code flaky} what the retries saw;
   *     empty for a pass
   * @param durationMillis how long it ran, over all the invocations it stands for
   * @param invocations how many test invocations it stands for: 1, or, for the passed invocations
   *     of a parameterized, repeated or dynamic test, counted together under the method's name, how
   *     many passed
   * @param runner the runner that reported it when not this engine ({@code pytest}, {@code
   *     nextest}, merged from its JUnit XML); {@code null} for a test of this engine
   */
  public record TestResult(
      String name,
      String className,
      List<String> stages,
      String type,
      List<String> requirements,
      List<String> tags,
      List<String> features,
      List<String> tutorials,
      String outcome,
      String message,
      long durationMillis,
      int invocations,
      String runner) {}

  public record Excluded(String name, String reason) {}

  /**
   * Coverage of a catalog (features, or doc pages and sections) by tests.
   *
   * @param measured whether the catalog was known ({@code dynamo.features.catalog} or {@code
   *     dynamo.docs.dir} set); when not, {@code items} holds only what tests cite
   * @param items every catalog entry with the tests that cite it
   * @param uncovered the entries no test cites
   * @param unknown citations of entries the catalog does not have
   */
  public record Coverage(
      boolean measured, List<CoverageItem> items, List<String> uncovered, List<Unknown> unknown) {}

  /**
   * @param name the feature, or the page or section ({@code docs/a.md#usage})
   * @param description the catalog's description, empty for doc sections
   * @param stages the stages of the citing tests
   * @param tests the citing tests with their outcome in this run ({@code not run} when excluded)
   */
  public record CoverageItem(
      String name, String description, List<String> stages, List<CoveringTest> tests) {}

  public record CoveringTest(String name, String outcome) {}

  public record Unknown(String name, List<String> tests) {}
}

package ai.dynamo.test.engine.reporting;

import java.util.List;

/**
 * A finished run as {@code summary.json} holds it, and as the Markdown and HTML reports render it.
 * Documented by {@code docs/schemas/summary.schema.json}.
 *
 * @param schemaVersion the version of this format, {@value #SCHEMA_VERSION}
 * @param run what ran and when
 * @param totals outcome counts over all tests that were part of the run
 * @param matrix outcome counts per stage and type
 * @param tests every test of the run with its labels, outcome and duration
 * @param excluded tests discovered but not run, each with the reason
 * @param features feature coverage
 * @param docs documentation coverage
 */
record Summary(
    int schemaVersion,
    Run run,
    Counts totals,
    List<MatrixCell> matrix,
    List<TestResult> tests,
    List<Excluded> excluded,
    Coverage features,
    Coverage docs) {

  static final int SCHEMA_VERSION = 1;

  /**
   * @param selection the selection, empty when every test was selected
   * @param dryRun whether nothing was executed
   * @param startedAt ISO-8601
   * @param durationMillis wall-clock time of the run
   */
  record Run(String selection, boolean dryRun, String startedAt, long durationMillis) {}

  record Counts(int tests, int passed, int failed, int aborted, int skipped, int excluded) {}

  record MatrixCell(String stage, String type, int passed, int failed, int aborted, int skipped) {

    int total() {
      return passed + failed + aborted + skipped;
    }
  }

  /**
   * One test of the run.
   *
   * @param name {@code com.example.FooTest#bar()}, with the invocation's display name after it for
   *     parameterized and dynamic tests
   * @param outcome {@code passed}, {@code failed}, {@code aborted} or {@code skipped}
   * @param message the failure message or skip reason; empty for a pass
   */
  record TestResult(
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
      long durationMillis) {}

  record Excluded(String name, String reason) {}

  /**
   * Coverage of a catalog (features, or doc pages and sections) by tests.
   *
   * @param measured whether the catalog was known ({@code dynamo.features.catalog} or {@code
   *     dynamo.docs.dir} set); when not, {@code items} holds only what tests cite
   * @param items every catalog entry with the tests that cite it
   * @param uncovered the entries no test cites
   * @param unknown citations of entries the catalog does not have
   */
  record Coverage(
      boolean measured, List<CoverageItem> items, List<String> uncovered, List<Unknown> unknown) {}

  /**
   * @param name the feature, or the page or section ({@code docs/a.md#usage})
   * @param description the catalog's description, empty for doc sections
   * @param stages the stages of the citing tests
   * @param tests the citing tests with their outcome in this run ({@code not run} when excluded)
   */
  record CoverageItem(
      String name, String description, List<String> stages, List<CoveringTest> tests) {}

  record CoveringTest(String name, String outcome) {}

  record Unknown(String name, List<String> tests) {}
}

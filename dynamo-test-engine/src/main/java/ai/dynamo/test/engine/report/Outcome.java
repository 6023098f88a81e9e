package ai.dynamo.test.engine.report;

/** How one test ended. */
enum Outcome {
  PASSED,
  /** Passed after failing: a {@code @Flaky} test that a retry made pass. */
  FLAKY,
  FAILED,
  ABORTED,
  SKIPPED
}

package ai.dynamo.test.engine.reporting;

/** How one test ended. */
enum Outcome {
  PASSED,
  FAILED,
  ABORTED,
  SKIPPED
}

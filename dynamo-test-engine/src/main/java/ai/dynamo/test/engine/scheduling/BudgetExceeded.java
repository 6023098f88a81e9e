package ai.dynamo.test.engine.scheduling;

/** The values of {@code dynamo.budget.exceeded}. */
public enum BudgetExceeded {
  /** Skip what has not started, and fail the run. */
  FAIL,
  /** Skip what has not started; the run passes if nothing else failed. */
  WARN
}

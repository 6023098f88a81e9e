package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** The values of {@code dynamo.budget.exceeded}. */
@API(status = INTERNAL, since = "0.1")
public enum BudgetExceeded {
  /** Skip what has not started, and fail the run. */
  FAIL,
  /** Skip what has not started; the run passes if nothing else failed. */
  WARN
}

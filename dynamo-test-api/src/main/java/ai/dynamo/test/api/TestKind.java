package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The kinds of test in the testing strategy. A test names its kind with {@link TestType @TestType};
 * a run selects kinds with the configuration parameter {@code dynamo.type} ({@code e2e}, {@code
 * continuous-operation}, ...).
 */
@API(status = STABLE, since = "0.1")
public enum TestKind {
  /** One unit of code, in memory, milliseconds each. */
  UNIT,
  /** Several components together, or one component against a real service. */
  INTEGRATION,
  /** The whole system from a user's entry point to the result the user sees. */
  E2E,
  /** Measures throughput or latency against a target. */
  PERFORMANCE,
  /** Pushes load or resource use beyond normal limits. */
  STRESS,
  /** Long-running operation under disturbance (faults, restarts, churn): the strategy's "COTs". */
  CONTINUOUS_OPERATION
}

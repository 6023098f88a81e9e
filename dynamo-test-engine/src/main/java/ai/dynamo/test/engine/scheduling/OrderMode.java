package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** The values of {@code dynamo.order}. */
@API(status = INTERNAL, since = "0.1")
public enum OrderMode {
  /** What failed recently first, then the shortest first: the quickest feedback. */
  FAIL_FAST,
  /** The longest first: the shortest makespan under parallel execution. */
  LONGEST_FIRST,
  /** As JUnit discovers them. */
  DECLARED,
  /** Shuffled with a printed seed. */
  RANDOM
}

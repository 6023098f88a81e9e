package ai.dynamo.test.api.spi;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides whether a test of a {@link ai.dynamo.test.api.Stage @Stage} may still start, for example
 * while the stage's time budget lasts. Implemented by {@code dynamo-test-engine} and found through
 * {@link java.util.ServiceLoader}; test authors never use it.
 */
@API(status = INTERNAL, since = "0.1")
public interface StageEvaluator {

  /**
   * Decides whether the test or container of {@code context} may start now.
   *
   * @return enabled, or disabled with a reason that says what was spent
   * @throws RuntimeException when the test must be reported as failed instead
   */
  ConditionEvaluationResult evaluate(ExtensionContext context);
}

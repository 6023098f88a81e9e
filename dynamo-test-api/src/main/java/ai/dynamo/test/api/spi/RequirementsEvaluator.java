package ai.dynamo.test.api.spi;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks a test's {@link ai.dynamo.test.api.Requires @Requires} against the host. Implemented by
 * {@code dynamo-test-engine} and found through {@link java.util.ServiceLoader}; test authors never
 * use it.
 */
@API(status = INTERNAL, since = "0.1")
public interface RequirementsEvaluator {

  /**
   * Decides whether the test or container of {@code context} can run here.
   *
   * @return enabled, or disabled with a reason naming what is required and what was found
   * @throws RuntimeException when requirements that are not met must fail the test
   */
  ConditionEvaluationResult evaluate(ExtensionContext context);
}

package ai.dynamo.test.engine.launcher;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.DynamoTestEngine;
import org.apiguardian.api.API;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * How launcher listeners recognise the {@code dynamo} engine's tests in a {@link TestPlan}: the
 * listeners that record history and write reports must count the same tests.
 */
@API(status = INTERNAL, since = "0.1")
public final class DynamoTestPlan {

  private DynamoTestPlan() {}

  /** Whether {@code identifier} belongs to the {@code dynamo} engine. */
  public static boolean isDynamo(TestIdentifier identifier) {
    return identifier
        .getUniqueIdObject()
        .getEngineId()
        .filter(DynamoTestEngine.ENGINE_ID::equals)
        .isPresent();
  }

  /**
   * Whether {@code identifier} is a test method as discovery saw it: a {@code @Test}, or the
   * container of a parameterized or dynamic test, but not one of its invocations.
   */
  public static boolean isMethodLevel(TestPlan plan, TestIdentifier identifier) {
    return identifier.getSource().orElse(null) instanceof MethodSource
        && plan.getParent(identifier)
            .map(parent -> !(parent.getSource().orElse(null) instanceof MethodSource))
            .orElse(true);
  }
}

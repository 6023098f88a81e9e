package ai.dynamo.test.api;

import ai.dynamo.test.api.spi.RequirementsEvaluator;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The condition behind {@link Requires @Requires}. Probing the host is the engine's work, so this
 * class only finds the engine's {@link RequirementsEvaluator} once per run and asks it.
 */
final class RequiresCondition implements ExecutionCondition {

  private static final Namespace NAMESPACE = Namespace.create(RequiresCondition.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            RequirementsEvaluator.class, key -> loadEvaluator(), RequirementsEvaluator.class)
        .evaluate(context);
  }

  private static RequirementsEvaluator loadEvaluator() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = RequiresCondition.class.getClassLoader();
    }
    return ServiceLoader.load(RequirementsEvaluator.class, loader)
        .findFirst()
        .orElseThrow(
            () ->
                new ExtensionConfigurationException(
                    "@Requires is checked by the dynamo test engine, which is not on the test"
                        + " class path: add the dependency ai.dynamo.test:dynamo-test-engine with"
                        + " scope test."));
  }
}

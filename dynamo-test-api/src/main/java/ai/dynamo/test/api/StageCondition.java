package ai.dynamo.test.api;

import ai.dynamo.test.api.spi.StageEvaluator;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The condition behind {@link Stage @Stage}: asks the engine's {@link StageEvaluator} (the stage's
 * time budget) whether a test may still start. Without the engine on the class path every test is
 * enabled: {@code @Stage} alone never stops a test.
 */
final class StageCondition implements ExecutionCondition {

  private static final Namespace NAMESPACE = Namespace.create(StageCondition.class);
  private static final ConditionEvaluationResult ENABLED =
      ConditionEvaluationResult.enabled("the stage lets it start");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Evaluators evaluators =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Evaluators.class, key -> load(), Evaluators.class);
    for (StageEvaluator evaluator : evaluators.all) {
      ConditionEvaluationResult result = evaluator.evaluate(context);
      if (result.isDisabled()) {
        return result;
      }
    }
    return ENABLED;
  }

  private record Evaluators(Iterable<StageEvaluator> all) {}

  private static Evaluators load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = StageCondition.class.getClassLoader();
    }
    java.util.List<StageEvaluator> all = new java.util.ArrayList<>();
    ServiceLoader.load(StageEvaluator.class, loader).forEach(all::add);
    return new Evaluators(all);
  }
}

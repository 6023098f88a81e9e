package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.spi.StageEvaluator;
import ai.dynamo.test.engine.run.DynamoRun;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The engine's answer to {@code @Stage}'s condition: a test may start while its run's {@link
 * StageBudget} lasts. Found through {@code ServiceLoader}. Outside a {@code dynamo} engine run
 * (plain Jupiter) there is no active budget and every test may start.
 */
@API(status = INTERNAL, since = "0.1")
public final class StageBudgetEvaluator implements StageEvaluator {

  @Override
  public ConditionEvaluationResult evaluate(ExtensionContext context) {
    return DynamoRun.find(context)
        .flatMap(DynamoRun::startedBudget)
        .map(StageBudget::evaluate)
        .orElseGet(
            () -> ConditionEvaluationResult.enabled("not run by the dynamo engine: no budget"));
  }
}

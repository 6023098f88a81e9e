package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.Durations;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.platform.commons.JUnitException;

/**
 * The time budget of one run: started when the engine first executes (once per Surefire fork, whose
 * launcher session is one run for all of its classes), spent when the budget has passed. The run
 * holds it, and {@link StageBudgetEvaluator} consults it for every test carrying {@code @Stage}
 * that the run executes.
 */
@API(status = INTERNAL, since = "0.1")
public final class StageBudget {

  /**
   * How the skip reason of every test refused by a spent budget starts, for reports that group
   * them: {@code Not started: the budget of 45m 00s (dynamo.budget=45m) was spent. ...}.
   */
  public static final String NOT_STARTED = "Not started: the budget of ";

  private final long startNanos = System.nanoTime();
  private final AtomicBoolean failureReported = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile SchedulingSettings settings;

  /** A budget whose clock starts now. */
  public StageBudget() {}

  /** Checks tests against this budget under {@code settings}: those of the request executing. */
  public void activate(SchedulingSettings settings) {
    this.settings = settings;
  }

  /** Thrown for the first test refused under {@code dynamo.budget.exceeded=fail}. */
  static final class BudgetExceededException extends JUnitException {
    private static final long serialVersionUID = 1L;

    BudgetExceededException(String message) {
      super(message);
    }
  }

  ConditionEvaluationResult evaluate() {
    SchedulingSettings current = settings;
    if (current == null || current.budget().isEmpty()) {
      return ConditionEvaluationResult.enabled("no budget");
    }
    Duration budget = current.budget().get();
    long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
    if (elapsed < budget.toMillis()) {
      return ConditionEvaluationResult.enabled(
          "within the budget of " + Durations.format(budget.toMillis()));
    }
    refused.incrementAndGet();
    // One reason for every test refused, so that reports group them together.
    String reason =
        NOT_STARTED
            + Durations.format(budget.toMillis())
            + " ("
            + current.budgetSource()
            + ") was spent. Raise the budget, or split the stage with "
            + Constants.SHARD
            + ".";
    if (current.exceeded() == BudgetExceeded.FAIL && failureReported.compareAndSet(false, true)) {
      throw new BudgetExceededException(
          reason
              + " Spent after "
              + Durations.format(elapsed)
              + ". The run fails because "
              + Constants.BUDGET_EXCEEDED
              + "=fail; later tests are skipped ("
              + Constants.BUDGET_EXCEEDED
              + "=warn only skips them).");
    }
    return ConditionEvaluationResult.disabled(reason);
  }
}

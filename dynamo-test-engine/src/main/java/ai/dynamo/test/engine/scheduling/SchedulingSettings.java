package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.labels.LabelNames;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The scheduling parameters, parsed and checked once: {@code dynamo.order}, {@code
 * dynamo.order.seed}, {@code dynamo.shard}, {@code dynamo.budget} (with the per-stage defaults) and
 * {@code dynamo.budget.exceeded}.
 *
 * @param order the order mode
 * @param seed the seed of random order, when given
 * @param shard the shard to run, when sharding
 * @param budget the budget, when any
 * @param budgetSource how the budget was set, for messages: {@code dynamo.budget=45m}
 * @param exceeded what a spent budget does
 */
@API(status = INTERNAL, since = "0.1")
public record SchedulingSettings(
    OrderMode order,
    Optional<Long> seed,
    Optional<ShardSpec> shard,
    Optional<Duration> budget,
    String budgetSource,
    BudgetExceeded exceeded) {

  /**
   * Parses the parameters {@code parameters} answers, for the stages {@code stages} selected.
   *
   * @throws ConfigurationException naming the key, the bad value and the valid choices
   */
  public static SchedulingSettings from(
      Function<String, Optional<String>> parameters, Set<Lifecycle> stages) {
    return from(parameters, stages, System::getenv);
  }

  /**
   * Parses the parameters {@code parameters} answers, for the stages {@code stages} selected, with
   * CI runners' sharding variables read from {@code environment} ({@link ShardSpec#resolve}).
   *
   * @throws ConfigurationException naming the key, the bad value and the valid choices
   */
  public static SchedulingSettings from(
      Function<String, Optional<String>> parameters,
      Set<Lifecycle> stages,
      Function<String, String> environment) {
    Function<String, Optional<String>> value =
        key -> parameters.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    OrderMode order =
        DynamoConfiguration.option(value, Constants.ORDER, OrderMode.class, OrderMode.FAIL_FAST);
    Optional<Long> seed =
        value
            .apply(Constants.ORDER_SEED)
            .map(
                raw -> {
                  try {
                    return Long.parseLong(raw);
                  } catch (NumberFormatException e) {
                    throw new ConfigurationException(
                        "Invalid "
                            + Constants.ORDER_SEED
                            + "="
                            + raw
                            + ": expected the whole number a random-order run printed.");
                  }
                });
    Optional<ShardSpec> shard = ShardSpec.resolve(value.apply(Constants.SHARD), environment);
    Optional<Duration> budget =
        value.apply(Constants.BUDGET).map(raw -> Durations.parse(Constants.BUDGET, raw));
    String source =
        budget.map(b -> Constants.BUDGET + "=" + value.apply(Constants.BUDGET).get()).orElse("");
    if (budget.isEmpty()) {
      Duration sum = Duration.ZERO;
      StringBuilder sources = new StringBuilder();
      for (Lifecycle stage : stages) {
        String key = Constants.BUDGET_STAGE_PREFIX + LabelNames.of(stage);
        Optional<String> raw = value.apply(key);
        if (raw.isPresent()) {
          sum = sum.plus(Durations.parse(key, raw.get()));
          sources
              .append(sources.length() == 0 ? "" : " + ")
              .append(key)
              .append('=')
              .append(raw.get());
        }
      }
      if (!sum.isZero()) {
        budget = Optional.of(sum);
        source = sources.toString();
      }
    }
    BudgetExceeded exceeded =
        DynamoConfiguration.option(
            value, Constants.BUDGET_EXCEEDED, BudgetExceeded.class, BudgetExceeded.FAIL);
    return new SchedulingSettings(order, seed, shard, budget, source, exceeded);
  }
}

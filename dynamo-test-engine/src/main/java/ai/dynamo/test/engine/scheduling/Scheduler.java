package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.history.DurationHistory;
import ai.dynamo.test.engine.history.DurationHistory.Stats;
import ai.dynamo.test.engine.history.HistorySettings;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.labels.LabelResolver;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Schedules a selected test tree: keeps this shard's classes ({@code dynamo.shard}), puts classes
 * and methods in order ({@code dynamo.order}) and compares the plan with the budget ({@code
 * dynamo.budget}), all from the duration history.
 *
 * <pre>{@code
 * new Scheduler(configuration, settings, System.out, run::firstTime).apply(root);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class Scheduler {

  private final DynamoConfiguration configuration;
  private final SchedulingSettings settings;
  private final PrintStream out;
  private final Predicate<String> firstTime;

  /**
   * A scheduler under {@code configuration} and its {@code settings}, printing to {@code out}; a
   * line that is the same for every class of a run is printed only when {@code firstTime} says the
   * run has not printed it yet.
   */
  public Scheduler(
      DynamoConfiguration configuration,
      SchedulingSettings settings,
      PrintStream out,
      Predicate<String> firstTime) {
    this.configuration = configuration;
    this.settings = settings;
    this.out = out;
    this.firstTime = firstTime;
  }

  /** Shards, orders and checks {@code root} in place. */
  public void apply(TestDescriptor root) {
    Optional<HistoryStore> store = HistorySettings.store(configuration::get, anchor(root));
    DurationHistory all = store.map(HistoryStore::readAll).orElse(DurationHistory.empty());
    DurationEstimator estimator = new DurationEstimator(all);
    settings.shard().ifPresent(shard -> shard(root, shard, store, estimator));
    new TestOrdering(settings, configuration::get, estimator, out).apply(root);
    settings.budget().ifPresent(budget -> warnIfOverBudget(root, budget.toMillis(), estimator));
  }

  private void shard(
      TestDescriptor root,
      ShardSpec shard,
      Optional<HistoryStore> store,
      DurationEstimator estimator) {
    DurationHistory settled = store.map(HistoryStore::readSettled).orElse(DurationHistory.empty());
    ShardPartition partition = ShardPartition.of(universe(settled), shard.count());
    int kept = 0;
    int total = 0;
    long millis = 0;
    for (TestDescriptor child : List.copyOf(root.getChildren())) {
      if (!(child.getSource().orElse(null) instanceof ClassSource source)) {
        continue;
      }
      total++;
      if (partition.shardOf(source.getClassName()) == shard.index() - 1) {
        kept++;
        millis += TestOrdering.classMillis(child, estimator);
      } else {
        child.removeFromHierarchy();
      }
    }
    if (total == 1 && !firstTime.test("one class at a time")) {
      // Surefire with forkCount > 1 discovers each class on its own: say so once, not per class.
      return;
    }
    out.println(
        "[dynamo] "
            + shard.describe()
            + ": running "
            + kept
            + " of "
            + total
            + " classes, estimated "
            + Durations.format(millis)
            + (total == 1 ? " (classes discovered one at a time: reported for the first only)" : "")
            + (settled.isEmpty()
                ? " (no settled history"
                    + store.map(s -> " in " + s.directory()).orElse("")
                    + ": classes split by name hash)"
                : ""));
  }

  /**
   * The classes of the settled history that the selection may include: those whose recorded stage
   * and kind fit {@code dynamo.stage} and {@code dynamo.type}. Every shard computes the same set.
   */
  private Map<String, Long> universe(DurationHistory settled) {
    Set<String> stages =
        configuration.stages().stream().map(LabelNames::of).collect(Collectors.toSet());
    Set<String> kinds =
        configuration.kinds().stream().map(LabelNames::of).collect(Collectors.toSet());
    Map<String, Long> universe = new HashMap<>();
    for (Map.Entry<String, Stats> entry : settled.classes().entrySet()) {
      Stats stats = entry.getValue();
      String recordedStages = stats.latest().stages();
      String recordedKind = stats.latest().kind();
      boolean stageFits =
          stages.isEmpty()
              || recordedStages.isEmpty()
              || List.of(recordedStages.split(",")).stream().anyMatch(stages::contains);
      boolean kindFits = kinds.isEmpty() || recordedKind.isEmpty() || kinds.contains(recordedKind);
      if (stageFits && kindFits) {
        universe.put(entry.getKey(), stats.meanMillis());
      }
    }
    return universe;
  }

  private void warnIfOverBudget(
      TestDescriptor root, long budgetMillis, DurationEstimator estimator) {
    long planned = 0;
    for (TestDescriptor child : root.getChildren()) {
      planned += TestOrdering.classMillis(child, estimator);
    }
    if (planned > budgetMillis) {
      out.println(
          "[dynamo] WARNING: the planned duration "
              + Durations.format(planned)
              + " (recorded durations, else estimates by @TestType) exceeds the budget of "
              + Durations.format(budgetMillis)
              + " ("
              + settings.budgetSource()
              + "). Tests not started when it is spent will be skipped; split the stage with "
              + Constants.SHARD
              + " (ShardPlanner tells how many shards fit the budget).");
    }
  }

  /** A test class of this discovery, to find the build directory the history lives in. */
  private static Optional<Class<?>> anchor(TestDescriptor root) {
    for (TestDescriptor child : root.getChildren()) {
      if (child.getSource().orElse(null) instanceof ClassSource source) {
        return Optional.of(source.getJavaClass());
      }
    }
    return Optional.empty();
  }

  /** The kind of the test behind {@code descriptor}, for estimates. */
  static Optional<TestKind> kindOf(MethodSource source) {
    // The kind does not depend on tags.
    return LabelResolver.forMethod(source.getJavaClass(), source.getJavaMethod(), Set.of()).kind();
  }
}

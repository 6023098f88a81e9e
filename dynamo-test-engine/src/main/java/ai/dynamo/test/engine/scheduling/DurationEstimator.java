package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.history.DurationHistory;
import ai.dynamo.test.engine.history.DurationHistory.Stats;
import ai.dynamo.test.engine.labels.ClassificationRules;
import ai.dynamo.test.engine.labels.LabelResolver;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * How long a test or a class will take: what the history measured, else a guess from the test's
 * {@code @TestType}, so that a new e2e test is never scheduled as if it took as long as a unit
 * test.
 */
@API(status = INTERNAL, since = "0.1")
public final class DurationEstimator {

  /** Guessed milliseconds per test, by kind, for tests without history. */
  static final Map<TestKind, Long> GUESS_MILLIS =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.of(
                  TestKind.UNIT, 100L,
                  TestKind.INTEGRATION, 5_000L,
                  TestKind.E2E, 60_000L,
                  TestKind.PERFORMANCE, 120_000L,
                  TestKind.STRESS, 300_000L,
                  TestKind.CONTINUOUS_OPERATION, 600_000L)));

  /** Guessed milliseconds for a test without history and without a {@code @TestType}. */
  static final long UNKNOWN_KIND_MILLIS = 1_000;

  private final DurationHistory history;
  private final ClassificationRules rules;

  public DurationEstimator(DurationHistory history) {
    this(history, ClassificationRules.NONE);
  }

  /**
   * Estimates from {@code history}, guessing by the type a test declares or, when it declares none,
   * the type {@code rules} ({@code dynamo.classification.rules}) give it.
   */
  public DurationEstimator(DurationHistory history, ClassificationRules rules) {
    this.history = history;
    this.rules = rules;
  }

  /** The type of the test method {@code source}: declared, else given by the rules. */
  Optional<TestKind> kindOf(MethodSource source) {
    return LabelResolver.forMethod(source.getJavaClass(), source.getJavaMethod(), Set.of(), rules)
        .kind();
  }

  /** The test's recorded mean, else the guess for its kind. */
  public long testMillis(String key, Optional<TestKind> kind) {
    return history.ofTest(key).map(Stats::meanMillis).orElseGet(() -> guess(kind));
  }

  /** The class's recorded mean, else {@code sumOfTests}. */
  public long classMillis(String className, long sumOfTests) {
    return history.ofClass(className).map(Stats::meanMillis).orElse(sumOfTests);
  }

  /** Whether the test failed in one of its last recorded runs. */
  public boolean testFailedRecently(String key) {
    return history.ofTest(key).map(Stats::recentlyFailed).orElse(false);
  }

  /** Whether the class failed in one of its last recorded runs. */
  public boolean classFailedRecently(String className) {
    return history.ofClass(className).map(Stats::recentlyFailed).orElse(false);
  }

  /** The guess for a test of {@code kind} without history. */
  public static long guess(Optional<TestKind> kind) {
    return kind.map(GUESS_MILLIS::get).orElse(UNKNOWN_KIND_MILLIS);
  }
}

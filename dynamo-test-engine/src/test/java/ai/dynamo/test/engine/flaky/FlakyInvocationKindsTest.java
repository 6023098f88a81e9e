package ai.dynamo.test.engine.flaky;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Flaky;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @Flaky} on each kind of test invocation: a {@code @Test}, each invocation of a
 * {@code @ParameterizedTest} and a {@code @RepeatedTest}, each dynamic test of a {@code
 * TestFactory}. A retry runs the method (or the dynamic test's executable) again on the same
 * instance, without the lifecycle methods: the fixtures count constructor calls, {@code
 * BeforeEach}, {@code AfterEach} and attempts to show it.
 */
@Stage(PRE_MERGE)
@TestType(UNIT)
class FlakyInvocationKindsTest {

  static final AtomicInteger INSTANCES = new AtomicInteger();
  static final AtomicInteger BEFORE_EACH = new AtomicInteger();
  static final AtomicInteger AFTER_EACH = new AtomicInteger();

  @BeforeEach
  void reset() {
    INSTANCES.set(0);
    BEFORE_EACH.set(0);
    AFTER_EACH.set(0);
    TestPassesTheSecondTime.ATTEMPTS.set(0);
    ParameterizedOneArgumentFailsOnce.SEEN.clear();
    ParameterizedOneArgumentAlwaysFails.ATTEMPTS.set(0);
    RepeatedSecondRepetitionFailsOnce.SEEN.clear();
    RepeatedSecondRepetitionAlwaysFails.ATTEMPTS.set(0);
    FactoryOneDynamicTestFailsOnce.SEEN.clear();
    FactoryOneDynamicTestAlwaysFails.ATTEMPTS.set(0);
  }

  @Test
  void aTestIsAttemptedAgainOnTheSameInstanceInsideOneBeforeAndAfterEach() {
    EngineExecutionResults results = run(Map.of(), TestPassesTheSecondTime.class);

    assertEveryTestPassedAndOnlyOneWasFlaky(results, 1, "connects()");
    assertThat(TestPassesTheSecondTime.ATTEMPTS).hasValue(2);
    assertLifecycleRan(1, 1, 1);
  }

  @Test
  void eachParameterizedInvocationIsRetriedOnItsOwnWithItsOwnArgument() {
    EngineExecutionResults results = run(Map.of(), ParameterizedOneArgumentFailsOnce.class);

    assertEveryTestPassedAndOnlyOneWasFlaky(results, 3, "broker 2");
    assertThat(ParameterizedOneArgumentFailsOnce.SEEN)
        .as("one attempt each for a and c, two for b, with its own argument both times")
        .containsExactly("a", "b", "b", "c");
    assertLifecycleRan(3, 3, 3);
  }

  @Test
  void eachRepetitionIsRetriedOnItsOwnWithItsRepetitionInfo() {
    EngineExecutionResults results = run(Map.of(), RepeatedSecondRepetitionFailsOnce.class);

    assertEveryTestPassedAndOnlyOneWasFlaky(results, 3, "repetition 2 of 3");
    assertThat(RepeatedSecondRepetitionFailsOnce.SEEN).containsExactly(1, 2, 2, 3);
    assertLifecycleRan(3, 3, 3);
  }

  @Test
  void eachDynamicTestIsRetriedOnItsOwnAroundTheFactorysOneInstance() {
    EngineExecutionResults results = run(Map.of(), FactoryOneDynamicTestFailsOnce.class);

    assertEveryTestPassedAndOnlyOneWasFlaky(results, 3, "second");
    assertThat(FactoryOneDynamicTestFailsOnce.SEEN)
        .containsExactly("first", "second", "second", "third");
    assertLifecycleRan(1, 1, 1);
  }

  @Test
  void aParameterizedInvocationThatKeepsFailingFailsWithTheLastFailureAndTheEarlierSuppressed() {
    Events tests =
        run(Map.of("dynamo.flaky.retries", "1"), ParameterizedOneArgumentAlwaysFails.class)
            .testEvents();

    tests.assertStatistics(stats -> stats.succeeded(2).failed(1));
    Throwable failure = failureOf(tests, "broker 2");
    assertThat(failure).hasMessage("b broken, attempt 2");
    assertThat(failure.getSuppressed())
        .extracting(Throwable::getMessage)
        .containsExactly("b broken, attempt 1");
    assertThat(ParameterizedOneArgumentAlwaysFails.ATTEMPTS).as("1 + 1 retry").hasValue(2);
  }

  @Test
  void aRepetitionThatKeepsFailingFailsAfterOnePlusRetriesAttempts() {
    Events tests =
        run(Map.of("dynamo.flaky.retries", "3"), RepeatedSecondRepetitionAlwaysFails.class)
            .testEvents();

    tests.assertStatistics(stats -> stats.succeeded(2).failed(1));
    Throwable failure = failureOf(tests, "repetition 2 of 3");
    assertThat(failure).hasMessage("repetition 2 broken, attempt 4");
    assertThat(failure.getSuppressed()).hasSize(3);
    assertThat(RepeatedSecondRepetitionAlwaysFails.ATTEMPTS).hasValue(4);
  }

  @Test
  void aDynamicTestThatKeepsFailingFailsWithTheLastFailureAndTheEarlierSuppressed() {
    Events tests = run(Map.of(), FactoryOneDynamicTestAlwaysFails.class).testEvents();

    tests.assertStatistics(stats -> stats.succeeded(2).failed(1));
    Throwable failure = failureOf(tests, "second");
    assertThat(failure).hasMessage("second broken, attempt 3");
    assertThat(failure.getSuppressed())
        .extracting(Throwable::getMessage)
        .containsExactly("second broken, attempt 1", "second broken, attempt 2");
    assertThat(FactoryOneDynamicTestAlwaysFails.ATTEMPTS)
        .as("1 + 2 retries, the default")
        .hasValue(3);
  }

  @Test
  void quarantineAbortsTheInvocationsThatKeepFailingOfEveryKind() {
    Events tests =
        run(
                Map.of("dynamo.flaky", "quarantine"),
                ParameterizedOneArgumentAlwaysFails.class,
                RepeatedSecondRepetitionAlwaysFails.class,
                FactoryOneDynamicTestAlwaysFails.class)
            .testEvents();

    tests.assertStatistics(stats -> stats.succeeded(6).failed(0).aborted(3));
    for (String name : List.of("broker 2", "repetition 2 of 3", "second")) {
      tests
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  displayName(name),
                  abortedWithReason(
                      message(m -> m.startsWith("Quarantined flaky test failed all 3 attempts")))));
    }
  }

  @Test
  void strictRunsEveryKindOnce() {
    Events tests =
        run(
                Map.of("dynamo.flaky", "strict"),
                ParameterizedOneArgumentFailsOnce.class,
                RepeatedSecondRepetitionFailsOnce.class,
                FactoryOneDynamicTestFailsOnce.class)
            .testEvents();

    tests.assertStatistics(stats -> stats.succeeded(6).failed(3));
  }

  private static EngineExecutionResults run(Map<String, String> parameters, Class<?>... fixtures) {
    return EngineTestKit.engine("dynamo")
        .enableImplicitConfigurationParameters(false)
        .configurationParameter("dynamo.history", "off")
        .configurationParameter("dynamo.summary", "false")
        .configurationParameters(parameters)
        .selectors(Stream.of(fixtures).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        .execute();
  }

  /**
   * Every test passed, and exactly one, {@code flaky}, published a {@code dynamo.flaky} report
   * entry, just one: the invocations that did not need a retry are untouched.
   */
  private static void assertEveryTestPassedAndOnlyOneWasFlaky(
      EngineExecutionResults results, int tests, String flaky) {
    results.testEvents().assertStatistics(stats -> stats.succeeded(tests).failed(0).aborted(0));
    assertThat(flakyEntries(results)).containsExactly(flaky);
  }

  /** A retry creates no instance and runs no lifecycle method: the counts are the first run's. */
  private static void assertLifecycleRan(int instances, int beforeEach, int afterEach) {
    assertThat(INSTANCES).as("test instances created").hasValue(instances);
    assertThat(BEFORE_EACH).as("@BeforeEach calls").hasValue(beforeEach);
    assertThat(AFTER_EACH).as("@AfterEach calls").hasValue(afterEach);
  }

  /** The display names of the tests that published a {@code dynamo.flaky} report entry. */
  private static List<String> flakyEntries(EngineExecutionResults results) {
    return results.allEvents().reportingEntryPublished().stream()
        .filter(
            e ->
                e.getRequiredPayload(ReportEntry.class)
                    .getKeyValuePairs()
                    .containsKey(Flaky.REPORT_ENTRY))
        .map(e -> e.getTestDescriptor().getDisplayName())
        .toList();
  }

  private static Throwable failureOf(Events tests, String displayName) {
    return tests
        .failed()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName))
        .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no failure of " + displayName));
  }

  /** Records an attempt at {@code value}; the first attempt at a {@code flaky} one fails. */
  static <T> void attempt(List<T> seen, T value, boolean flaky) {
    seen.add(value);
    if (flaky && Collections.frequency(seen, value) == 1) {
      throw new AssertionError("not yet");
    }
  }

  /** Counts instances and lifecycle calls, which a retry must not repeat. */
  abstract static class Counted {
    Counted() {
      INSTANCES.incrementAndGet();
    }

    @BeforeEach
    void before() {
      BEFORE_EACH.incrementAndGet();
    }

    @AfterEach
    void after() {
      AFTER_EACH.incrementAndGet();
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class TestPassesTheSecondTime extends Counted {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @Test
    @Flaky(reason = "the broker starts slowly")
    void connects() {
      if (ATTEMPTS.incrementAndGet() < 2) {
        throw new AssertionError("not yet");
      }
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class ParameterizedOneArgumentFailsOnce extends Counted {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @ParameterizedTest(name = "broker {index}")
    @ValueSource(strings = {"a", "b", "c"})
    @Flaky(reason = "b's broker starts slowly")
    void connects(String broker) {
      attempt(SEEN, broker, broker.equals("b"));
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  @Flaky(reason = "b never works")
  static class ParameterizedOneArgumentAlwaysFails {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @ParameterizedTest(name = "broker {index}")
    @ValueSource(strings = {"a", "b", "c"})
    void connects(String broker) {
      if (broker.equals("b")) {
        throw new AssertionError("b broken, attempt " + ATTEMPTS.incrementAndGet());
      }
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class RepeatedSecondRepetitionFailsOnce extends Counted {
    static final List<Integer> SEEN = new CopyOnWriteArrayList<>();

    @RepeatedTest(3)
    @Flaky(reason = "the second round races")
    void rounds(RepetitionInfo repetition) {
      attempt(SEEN, repetition.getCurrentRepetition(), repetition.getCurrentRepetition() == 2);
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class RepeatedSecondRepetitionAlwaysFails {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @RepeatedTest(3)
    @Flaky(reason = "the second round always races")
    void rounds(RepetitionInfo repetition) {
      if (repetition.getCurrentRepetition() == 2) {
        throw new AssertionError("repetition 2 broken, attempt " + ATTEMPTS.incrementAndGet());
      }
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class FactoryOneDynamicTestFailsOnce extends Counted {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @TestFactory
    @Flaky(reason = "the second call races")
    Stream<DynamicTest> calls() {
      return Stream.of("first", "second", "third")
          .map(name -> dynamicTest(name, () -> attempt(SEEN, name, name.equals("second"))));
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  @Flaky(reason = "the second call always races")
  static class FactoryOneDynamicTestAlwaysFails {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> calls() {
      return Stream.of("first", "second", "third")
          .map(
              name ->
                  dynamicTest(
                      name,
                      () -> {
                        if (name.equals("second")) {
                          throw new AssertionError(
                              "second broken, attempt " + ATTEMPTS.incrementAndGet());
                        }
                      }));
    }
  }
}

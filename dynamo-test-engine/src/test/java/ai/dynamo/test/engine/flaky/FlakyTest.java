package ai.dynamo.test.engine.flaky;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Flaky;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@Stage(PRE_MERGE)
@TestType(UNIT)
class FlakyTest {

  static final AtomicInteger PASSES_SECOND_TIME = new AtomicInteger();
  static final AtomicInteger ALWAYS_FAILS = new AtomicInteger();

  @BeforeEach
  void reset() {
    PASSES_SECOND_TIME.set(0);
    ALWAYS_FAILS.set(0);
  }

  @Test
  void aTestThatFailsThenPassesPassesAndIsReportedAsFlaky() {
    EngineExecutionResults results = run(Map.of(), PassesTheSecondTime.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("connects"), finishedSuccessfully()));
    assertThat(PASSES_SECOND_TIME).hasValue(2);
    assertThat(results.allEvents().reportingEntryPublished().list())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                    .containsEntry(
                        "dynamo.flaky",
                        "failed 1 of 2 attempts, then passed; known flaky: the broker starts slowly"
                            + " (https://example.com/issues/7)"));
  }

  @Test
  void aTestThatKeepsFailingFailsAfterTheConfiguredRetries() {
    Events tests = run(Map.of("dynamo.flaky.retries", "3"), AlwaysFails.class).testEvents();

    tests
        .assertThatEvents()
        .haveExactly(1, event(test("breaks"), finishedWithFailure(message("broken 4"))));
    assertThat(ALWAYS_FAILS).hasValue(4);
    assertThat(
            tests.failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable())
                .flatMap(Optional::stream)
                .flatMap(failure -> Stream.of(failure.getSuppressed()))
                .map(Throwable::getMessage))
        .as("the earlier failures, suppressed in the last")
        .containsExactly("broken 1", "broken 2", "broken 3");
  }

  @Test
  void quarantineKeepsAFlakyTestFromFailingTheStage() {
    Events tests = run(Map.of("dynamo.flaky", "quarantine"), AlwaysFails.class).testEvents();

    tests.assertStatistics(stats -> stats.failed(0).aborted(1));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("breaks"),
                abortedWithReason(
                    message(m -> m.startsWith("Quarantined flaky test failed all 3 attempts")))));
  }

  @Test
  void strictDoesNotRetry() {
    Events tests = run(Map.of("dynamo.flaky", "strict"), PassesTheSecondTime.class).testEvents();

    tests.assertStatistics(stats -> stats.failed(1));
    assertThat(PASSES_SECOND_TIME).hasValue(1);
  }

  private static EngineExecutionResults run(Map<String, String> parameters, Class<?> fixture) {
    return EngineTestKit.engine("dynamo")
        .enableImplicitConfigurationParameters(false)
        .configurationParameter("dynamo.history", "off")
        .configurationParameter("dynamo.summary", "false")
        .configurationParameters(parameters)
        .selectors(selectClass(fixture))
        .execute();
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class PassesTheSecondTime {
    @Test
    @Flaky(reason = "the broker starts slowly", issue = "https://example.com/issues/7")
    void connects() {
      if (PASSES_SECOND_TIME.incrementAndGet() < 2) {
        throw new AssertionError("not yet");
      }
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  @Flaky(reason = "never works")
  static class AlwaysFails {
    @Test
    void breaks() {
      throw new AssertionError("broken " + ALWAYS_FAILS.incrementAndGet());
    }
  }
}

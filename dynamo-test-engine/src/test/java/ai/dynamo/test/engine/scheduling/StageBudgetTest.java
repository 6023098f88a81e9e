package ai.dynamo.test.engine.scheduling;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.PASSED;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.record;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.run;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.testClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.Durations;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;

@Stage(NIGHTLY)
@TestType(UNIT)
class StageBudgetTest {

  @TempDir Path history;

  @Test
  void testsNotStartedWhenTheBudgetIsSpentAreSkippedWithAReasonThatSaysSo() {
    Events tests =
        run(
                history,
                Map.of("dynamo.budget", "1s", "dynamo.budget.exceeded", "warn"),
                SpendsTheBudget.class)
            .testEvents();

    tests.assertStatistics(stats -> stats.succeeded(1).skipped(2).failed(0));
    assertThat(tests.succeeded().list())
        .singleElement()
        .satisfies(
            e -> assertThat(e.getTestDescriptor().getDisplayName()).startsWith("spendsTheBudget"));
    tests
        .assertThatEvents()
        .haveExactly(
            2,
            event(
                skippedWithReason(
                    reason ->
                        reason.startsWith(
                                "Not started: the budget of 1.0s (dynamo.budget=1s) was spent.")
                            && reason.contains("dynamo.shard"))));
  }

  @Test
  void underFailTheFirstTestRefusedFailsTheRunAndTheRestAreSkipped() {
    Events tests = run(history, Map.of("dynamo.budget", "1s"), SpendsTheBudget.class).testEvents();

    tests.assertStatistics(stats -> stats.succeeded(1).failed(1).skipped(1));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("second"),
                finishedWithFailure(message(m -> m.contains("dynamo.budget.exceeded=fail")))));
  }

  @Test
  void aStageBudgetAppliesWhenThatStageIsSelected() {
    Events tests =
        run(
                history,
                Map.of(
                    "dynamo.stage", "nightly",
                    "dynamo.budget.nightly", "1s",
                    "dynamo.budget.exceeded", "warn"),
                SpendsTheBudget.class)
            .testEvents();

    tests
        .assertThatEvents()
        .haveExactly(2, event(skippedWithReason(r -> r.contains("(dynamo.budget.nightly=1s)"))));
  }

  @Test
  void withinTheBudgetEverythingRuns() {
    run(history, Map.of("dynamo.budget", "1h"), SpendsTheBudget.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(3, event(finishedSuccessfully()));
  }

  @Test
  void aPlanLongerThanTheBudgetIsReportedBeforeRunning() {
    record(history, testClass(Quick.class.getName(), 600_000, PASSED, 1));

    String printed =
        TestOrderingTest.captureOut(
            () ->
                run(
                    history,
                    Map.of("dynamo.budget", "5m", "dynamo.budget.exceeded", "warn"),
                    Quick.class));

    assertThat(printed)
        .contains(
            "[dynamo] WARNING: the planned duration 10m 00s (recorded durations, else estimates by"
                + " @TestType) exceeds the budget of 5m 00s (dynamo.budget=5m)");
  }

  @Test
  void budgetsAreWrittenTheWayPeopleWriteDurations() {
    assertThat(Durations.parse("45m")).contains(java.time.Duration.ofMinutes(45));
    assertThat(Durations.parse("1h30m")).contains(java.time.Duration.ofMinutes(90));
    assertThat(Durations.parse("90s")).contains(java.time.Duration.ofSeconds(90));
    assertThat(Durations.parse("PT2H")).contains(java.time.Duration.ofHours(2));
    assertThat(Durations.parse("soon")).isEmpty();
    assertThat(Durations.parse("0m")).isEmpty();
  }

  @Test
  void aBadBudgetOrABudgetForAnUnknownStageStopsTheRun() {
    assertThat(failureOf(Map.of("dynamo.budget", "soon")))
        .contains(
            "Invalid dynamo.budget=soon: it is not a duration. Write a positive duration such as 90s,"
                + " 45m, 1h30m, 500ms or PT45M.");
    assertThat(failureOf(Map.of("dynamo.budget.someday", "1h")))
        .contains(
            "Unknown configuration parameter dynamo.budget.someday (parameters starting"
                + " dynamo.budget: dynamo.budget, dynamo.budget.exceeded, dynamo.budget.nightly, ");
  }

  private String failureOf(Map<String, String> parameters) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> run(history, parameters, Quick.class));
    assertThat(thrown).as("the run stops before any test").isNotNull();
    return thrown.getCause() == null ? thrown.getMessage() : thrown.getCause().getMessage();
  }

  @Stage(NIGHTLY)
  @TestType(UNIT)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SpendsTheBudget {
    @Test
    @Order(1)
    void spendsTheBudget() throws InterruptedException {
      Thread.sleep(1_500);
    }

    @Test
    @Order(2)
    void second() {}

    @Test
    @Order(3)
    void third() {}
  }

  @Stage(NIGHTLY)
  @TestType(UNIT)
  static class Quick {
    @Test
    void runs() {}
  }
}

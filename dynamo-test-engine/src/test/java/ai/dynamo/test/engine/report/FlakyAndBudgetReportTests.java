package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.report.ReportTestSupport.launch;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static ai.dynamo.test.engine.report.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Flaky;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.coverage.CoverageReport;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.scheduling.StageBudget;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flaky tests and the budget in the three summaries of a run through a real Launcher:
 * {@code @Flaky} retries, the report entry it publishes, quarantine, and the stage budget's
 * refusals.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("run-summary")
@Feature("reports-directory")
@Tutorial("docs/reports.md#flaky-tests")
@Tutorial("docs/reports.md#budget-use")
class FlakyAndBudgetReportTests {

  static final AtomicInteger CONNECTS = new AtomicInteger();
  private static final String FIXTURES = FlakyAndBudgetReportTests.class.getName() + "$";

  @TempDir Path project;
  private Path reports;
  private Map<String, String> parameters;

  @BeforeEach
  void keepTheHistoryApart() {
    CONNECTS.set(0);
    reports = project.resolve("reports");
    parameters = new HashMap<>();
    parameters.put("dynamo.history", project.resolve("history").toString());
  }

  private Summary run(Class<?>... classes) {
    launch(reports, parameters, classes);
    String json = read(reports.resolve("summary.json"));
    assertThat(violations("summary.schema.json", json)).isEmpty();
    return ReportJson.read(json, Summary.class);
  }

  @Test
  void countsATestThatPassedOnRetryAsFlakyNotPassedAndListsItWithWhatTheRetriesSaw() {
    Summary summary = run(PassesTheSecondTime.class);

    String name = FIXTURES + "PassesTheSecondTime#connects()";
    assertThat(summary.totals().passed()).isEqualTo(1);
    assertThat(summary.totals().flaky()).isEqualTo(1);
    assertThat(summary.tests())
        .filteredOn(t -> t.name().equals(name))
        .singleElement()
        .satisfies(t -> assertThat(t.outcome()).isEqualTo("flaky"));
    assertThat(summary.flaky())
        .containsExactly(
            new Summary.FlakyTest(
                name,
                "unit",
                false,
                "failed 1 of 2 attempts, then passed; known flaky: the broker starts slowly"
                    + " (https://example.com/issues/7)"));
    assertThat(summary.matrix())
        .containsExactly(new Summary.MatrixCell("pre-merge", "unit", 1, 1, 0, 0, 0));
    assertThat(read(reports.resolve("summary.md")))
        .contains("**✅ 2 tests: 1 passed, 1 flaky, 0 failed, 0 aborted, 0 skipped**")
        .contains(
            "## Flaky tests (1)\n\n- `"
                + name
                + "` (unit): failed 1 of 2 attempts, then passed; known flaky: the broker starts"
                + " slowly (https://example.com/issues/7)\n");
    assertThat(read(reports.resolve("report.html")))
        .contains("<table id=\"flaky\"", "passed on retry");
  }

  @Test
  void listsAQuarantinedTestThatFailedEveryAttemptAsFlakyAndQuarantinedNotAsAFailure() {
    parameters.put("dynamo.flaky", "quarantine");

    Summary summary = run(AlwaysFails.class);

    String name = FIXTURES + "AlwaysFails#breaks()";
    assertThat(summary.totals().aborted()).isEqualTo(1);
    assertThat(summary.totals().quarantined()).isEqualTo(1);
    assertThat(summary.flaky())
        .singleElement()
        .satisfies(
            flaky -> {
              assertThat(flaky.name()).isEqualTo(name);
              assertThat(flaky.quarantined()).isTrue();
              assertThat(flaky.message())
                  .startsWith("TestAbortedException: Quarantined flaky test failed all 3 attempts");
            });
    String md = read(reports.resolve("summary.md"));
    assertThat(md)
        .contains("**✅ 1 tests: 0 passed, 0 flaky, 0 failed, 1 aborted (1 quarantined), 0 skipped")
        .contains("- `" + name + "` (unit, **quarantined**: failed every attempt): ")
        .doesNotContain("## Failures");
  }

  @Test
  void reportsTheBudgetThePlannedAndElapsedTimeAndTheTestsItsSpendingSkipped() {
    parameters.put("dynamo.budget", "1ms");
    parameters.put("dynamo.budget.exceeded", "warn");

    Summary summary = run(TakesLongerThanTheBudget.class);

    Summary.Budget budget = summary.budget();
    assertThat(budget.budgetMillis()).isEqualTo(1L);
    assertThat(budget.source()).isEqualTo("dynamo.budget=1ms");
    // Three unit tests without history: planned at the unit guess of 100 ms each.
    assertThat(budget.plannedMillis()).isEqualTo(300L);
    assertThat(budget.plannedByType()).isEqualTo(3);
    assertThat(budget.percentUsed()).isGreaterThanOrEqualTo(100.0);
    assertThat(budget.notStarted())
        .isNotEmpty()
        .allSatisfy(name -> assertThat(name).startsWith(FIXTURES + "TakesLongerThanTheBudget#"));
    assertThat(summary.tests())
        .filteredOn(t -> budget.notStarted().contains(t.name()))
        .allSatisfy(t -> assertThat(t.message()).startsWith(StageBudget.NOT_STARTED));
    assertThat(read(reports.resolve("summary.md")))
        .contains(
            "| 1ms (dynamo.budget=1ms) | 300ms (a guess by test type: no recorded durations) | ")
        .contains("Not started because the budget was spent (" + budget.notStarted().size() + ")");
  }

  @Test
  void saysNoBudgetWhenNoneIsSetAndCoverageNotMeasuredWithoutAnAgent() {
    assumeThat(System.getProperty("java.class.path")).doesNotContain("jacocoagent");

    Summary summary = run(PassesTheSecondTime.class);

    assertThat(summary.budget().budgetMillis()).isNull();
    assertThat(summary.budget().percentUsed()).isNull();
    assertThat(summary.coverage().measured()).isFalse();
    assertThat(summary.coverage().reason()).isEqualTo(CoverageReport.NOT_MEASURED);
    String md = read(reports.resolve("summary.md"));
    assertThat(md)
        .contains("| no budget | 200ms (a guess by test type: no recorded durations) | ")
        .contains(CoverageReport.NOT_MEASURED);
    assertThat(md).containsOnlyOnce("## Coverage by test type");
  }

  @Test
  void recordsInThePlanHowLongEachTestIsExpectedToTakeFromTheHistoryOnceThereIsOne() {
    run(PassesTheSecondTime.class);
    Plan first = ReportJson.read(read(reports.resolve("plan.json")), Plan.class);
    run(PassesTheSecondTime.class);
    Plan second = ReportJson.read(read(reports.resolve("plan.json")), Plan.class);

    assertThat(first.tests())
        .allSatisfy(
            t -> {
              assertThat(t.expectedMillis()).isEqualTo(100L);
              assertThat(t.expectedFrom()).isEqualTo("type");
            });
    assertThat(second.tests()).allSatisfy(t -> assertThat(t.expectedFrom()).isEqualTo("history"));
    assertThat(violations("plan.schema.json", read(reports.resolve("plan.json")))).isEmpty();
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class PassesTheSecondTime {
    @Test
    @Flaky(reason = "the broker starts slowly", issue = "https://example.com/issues/7")
    void connects() {
      if (CONNECTS.incrementAndGet() < 2) {
        throw new AssertionError("not yet");
      }
    }

    @Test
    void passes() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  @Flaky(reason = "never works")
  static class AlwaysFails {
    @Test
    void breaks() {
      throw new AssertionError("broken");
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class TakesLongerThanTheBudget {
    @Test
    void first() throws InterruptedException {
      Thread.sleep(20);
    }

    @Test
    void second() throws InterruptedException {
      Thread.sleep(20);
    }

    @Test
    void third() throws InterruptedException {
      Thread.sleep(20);
    }
  }
}

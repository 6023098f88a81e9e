package ai.dynamo.test.engine.plan;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.report.ReportTestSupport.launch;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.DynamoTestEngine;
import ai.dynamo.test.engine.fixtures.ReportFixtures;
import ai.dynamo.test.engine.fixtures.ReportFixtures.NightlyEndToEnd;
import ai.dynamo.test.engine.fixtures.ReportFixtures.NoLabels;
import ai.dynamo.test.engine.fixtures.ReportFixtures.PassFailSkip;
import ai.dynamo.test.engine.report.ReportJson;
import ai.dynamo.test.engine.report.ReportTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code dynamo.dry-run=true} plans and reports, and executes no test code. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("dry-run")
@Tutorial("docs/reports.md#plan-a-run-without-running-it")
class DryRunTests {

  @TempDir Path reports;

  private EngineExecutionResults dryRun(String stage) {
    return EngineTestKit.engine(DynamoTestEngine.ENGINE_ID)
        .selectors(
            selectClass(PassFailSkip.class),
            selectClass(NightlyEndToEnd.class),
            selectClass(NoLabels.class))
        .configurationParameters(
            Map.of(
                "dynamo.dry-run",
                "true",
                "dynamo.stage",
                stage,
                "dynamo.reports.dir",
                reports.toString()))
        .execute();
  }

  @Test
  void reportsEverySelectedTestSkippedWithoutExecutingAny() {
    ReportFixtures.EXECUTIONS.set(0);

    EngineExecutionResults results = dryRun("pre-merge");

    assertThat(ReportFixtures.EXECUTIONS.get()).isZero();
    assertThat(results.testEvents().started().count()).isZero();
    assertThat(results.testEvents().skipped().count()).isEqualTo(4);
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(3, event(test(), skippedWithReason("dry run")))
        .haveExactly(
            1,
            event(
                test("needsAMissingCommand"),
                skippedWithReason(
                    "dry run; requirements not met on this host: requires command"
                        + " 'dynamo-no-such-command': not found on PATH")));
  }

  @Test
  void writesThePlanWithWhatTheHostLacks() {
    ReportTestSupport.launch(
        reports,
        Map.of("dynamo.dry-run", "true", "dynamo.stage", "pre-merge"),
        PassFailSkip.class,
        NightlyEndToEnd.class,
        NoLabels.class);

    Plan plan = ReportJson.read(read(reports.resolve("plan.json")), Plan.class);
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.tests())
        .filteredOn(t -> t.name().endsWith("#needsAMissingCommand()"))
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.unmetRequirements())
                    .containsExactly(
                        "requires command 'dynamo-no-such-command': not found on PATH"));
    assertThat(plan.tests()).filteredOn(Plan.PlannedTest::selected).hasSize(4);
  }

  @Test
  void summarizesADryRunAsSuchUnderTheLauncher() {
    ReportFixtures.EXECUTIONS.set(0);

    launch(
        reports,
        Map.of("dynamo.dry-run", "true", "dynamo.stage", "nightly"),
        PassFailSkip.class,
        NightlyEndToEnd.class);

    assertThat(ReportFixtures.EXECUTIONS.get()).isZero();
    JsonNode summary = ReportJson.read(read(reports.resolve("summary.json")), JsonNode.class);
    assertThat(summary.at("/run/dryRun").asBoolean()).isTrue();
    assertThat(ReportJson.read(summary.get("totals").toString(), Map.class))
        .isEqualTo(
            Map.of(
                "tests",
                1,
                "passed",
                0,
                "flaky",
                0,
                "failed",
                0,
                "aborted",
                0,
                "quarantined",
                0,
                "skipped",
                1,
                "excluded",
                4));
    assertThat(read(reports.resolve("summary.md")))
        .startsWith("# Test run summary (dry run)")
        .contains("- dry run (1)\n  - `" + NightlyEndToEnd.class.getName() + "#runsAtNight()`");
  }
}

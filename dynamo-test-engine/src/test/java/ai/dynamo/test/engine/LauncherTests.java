package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.EngineFilter.excludeEngines;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.fixtures.RequirementFixtures;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs fixtures through a real Launcher, with both the {@code dynamo} and the {@code junit-jupiter}
 * engine on the class path and every listener and filter registered through ServiceLoader, as
 * Surefire, an IDE or the ConsoleLauncher would.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("run-summary")
@Isolated("replaces System.out")
class LauncherTests {

  private final List<String> finished = new ArrayList<>();

  private String launch(LauncherDiscoveryRequestBuilder request) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LauncherDiscoveryRequest built = request.enableImplicitConfigurationParameters(false).build();
      LauncherFactory.create()
          .execute(
              built,
              new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                  if (id.isTest()) {
                    finished.add(id.getUniqueIdObject().getEngineId().orElseThrow());
                  }
                }
              });
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runsEachTestExactlyOnceWithTheJupiterEngineOnTheClassPath() {
    SelectionFixtures.EXECUTIONS.set(0);

    launch(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(SelectionFixtures.FastUnit.class)));

    assertThat(finished).containsExactly("dynamo", "dynamo");
    assertThat(SelectionFixtures.EXECUTIONS.get()).isEqualTo(2);
  }

  @Test
  void reselectsATestByItsUniqueIdAsSurefireDoesForReruns() {
    SelectionFixtures.EXECUTIONS.set(0);
    String id =
        "[engine:dynamo]/[class:ai.dynamo.test.engine.fixtures.SelectionFixtures$FastUnit]"
            + "/[method:parses()]";

    launch(LauncherDiscoveryRequestBuilder.request().selectors(selectUniqueId(id)));

    assertThat(finished).containsExactly("dynamo");
    assertThat(SelectionFixtures.EXECUTIONS.get()).isEqualTo(1);
  }

  @Test
  void leavesTheTestsToJupiterWhenTheDynamoEngineIsExcluded() {
    SelectionFixtures.EXECUTIONS.set(0);

    launch(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(SelectionFixtures.FastUnit.class))
            .filters(excludeEngines("dynamo")));

    assertThat(finished).containsExactly("junit-jupiter", "junit-jupiter");
    assertThat(SelectionFixtures.EXECUTIONS.get()).isEqualTo(2);
  }

  @Test
  void appliesTheStageSelectionUnderTheLauncher() {
    String output =
        launch(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SelectionFixtures.MixedStages.class))
                .configurationParameter("dynamo.stage", "nightly"));

    assertThat(finished).hasSize(4).containsOnly("dynamo");
    assertThat(output).contains("[dynamo] dynamo.stage=nightly: selected 2 of 3 tests");
  }

  @Test
  void printsTheRunSummaryByStageAndTypeWithEverySkipReason() {
    String output =
        launch(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(
                    selectClass(SelectionFixtures.MixedStages.class),
                    selectClass(SelectionFixtures.UnclassifiedForSummary.class),
                    selectClass(RequirementFixtures.FourGpuClass.class))
                .configurationParameter("dynamo.requirements.nvidia-smi", "/nonexistent/nvidia-smi")
                .configurationParameter("dynamo.stage", "pre-merge,nightly"));

    assertThat(output)
        .contains(
            "[dynamo] 1 unclassified test (no @Stage or no @TestType), not run"
                + " (dynamo.unclassified=include runs them): listed in ")
        .contains(
            "unclassified.txt; ai.dynamo.test.engine.fixtures.SelectionFixtures"
                + "$UnclassifiedForSummary#neverClassified()")
        .contains("[dynamo] Run summary (dynamo.stage=pre-merge,nightly)")
        // passed, flaky, failed, aborted, skipped
        .containsPattern("nightly\\s+e2e\\s+3\\s+0\\s+0\\s+0\\s+2")
        .containsPattern("nightly\\s+integration\\s+1\\s+0\\s+0\\s+0\\s+0")
        .containsPattern("pre-merge\\s+integration\\s+1\\s+0\\s+0\\s+0\\s+0")
        .containsPattern("total\\s+5\\s+0\\s+0\\s+0\\s+2")
        .contains(
            "    requires 4 GPUs: found /nonexistent/nvidia-smi not found (2):"
                + " ai.dynamo.test.engine.fixtures.RequirementFixtures$FourGpuClass#first()"
                + " and 1 more");
  }

  @Test
  void saysThatUnclassifiedTestsFailTheRunUnderStrict() {
    String output =
        launch(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SelectionFixtures.StageOnlyForStrictReport.class))
                .configurationParameter("dynamo.classification", "strict")
                .configurationParameter("dynamo.stage", "pre-merge"));

    assertThat(output)
        .contains(
            "1 unclassified test (no @Stage or no @TestType), failing the run"
                + " (dynamo.classification=strict): listed in ")
        .contains("SelectionFixtures$StageOnlyForStrictReport#noTypeEither()");
    assertThat(finished).isEmpty();
  }

  @Test
  void warnsWhenEveryTestWasSkipped() {
    String output =
        launch(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(RequirementFixtures.FourGpuClass.class))
                .configurationParameter(
                    "dynamo.requirements.nvidia-smi", "/nonexistent/nvidia-smi"));

    assertThat(output)
        .contains("WARNING: every test of this run was skipped; nothing was verified.");
  }

  @Test
  void printsNoSummaryWhenTurnedOff() {
    String output =
        launch(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SelectionFixtures.FastUnit.class))
                .configurationParameter("dynamo.summary", "false"));

    assertThat(output).doesNotContain("Run summary");
    assertThat(finished).hasSize(2);
  }
}

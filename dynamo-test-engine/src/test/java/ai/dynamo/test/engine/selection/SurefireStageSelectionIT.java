package ai.dynamo.test.engine.selection;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.selection.FixtureBuild.Result;
import ai.dynamo.test.engine.selection.SurefireReports.Status;
import org.junit.jupiter.api.Test;

/**
 * Stage selection as a user meets it: a real Maven build of the {@code src/it/stage-selection}
 * project, with Surefire running the {@code dynamo} engine, judged by Surefire's XML reports.
 *
 * <p>The fixture has pre-merge tests ({@code QuickChecksTest}), nightly tests ({@code
 * NightlySoakTest}, one of them {@code @Tag("slow")}, one needing an environment variable that is
 * never set), a class with a stage per method ({@code MixedStagesTest}), and an unclassified test
 * ({@code LegacyUnclassifiedTest}).
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class SurefireStageSelectionIT {

  private static final String FIXTURE = "stage-selection";

  private static final String[] NIGHTLY_TESTS = {
    "MixedStagesTest.reconnectsAfterOutage",
    "NightlySoakTest.drainsBacklog",
    "NightlySoakTest.survivesRestart",
    "NightlySoakTest.uploadsResults"
  };

  private static final String[] ALL_TESTS = {
    "LegacyUnclassifiedTest.stillWorks",
    "MixedStagesTest.connects",
    "MixedStagesTest.reconnectsAfterOutage",
    "NightlySoakTest.drainsBacklog",
    "NightlySoakTest.survivesRestart",
    "NightlySoakTest.uploadsResults",
    "QuickChecksTest.parsesPort",
    "QuickChecksTest.trimsNames"
  };

  @Test
  void nightlyStageRunsEachNightlyTestExactlyOnce() throws Exception {
    Result build = FixtureBuild.copy(FIXTURE, "nightly-property").test("-Ddynamo.stage=nightly");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    // Listed with duplicates: a test the junit-jupiter engine ran again would appear twice.
    assertThat(build.reports().ids()).as(build.describe()).containsExactly(NIGHTLY_TESTS);
    assertOnlyTheTokenTestIsSkipped(build);
  }

  @Test
  void stageInSurefireConfigurationParametersSelectsLikeTheProperty() throws Exception {
    Result build =
        FixtureBuild.copy(FIXTURE, "nightly-configuration").test("-Pnightly-by-configuration");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(build.reports().ids()).as(build.describe()).containsExactly(NIGHTLY_TESTS);
    assertOnlyTheTokenTestIsSkipped(build);
  }

  @Test
  void surefireGroupsStillFilterByPlainTags() throws Exception {
    Result build = FixtureBuild.copy(FIXTURE, "groups-slow").test("-Dgroups=slow");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(build.reports().ids(Status.PASSED))
        .as(build.describe())
        .containsExactly("NightlySoakTest.drainsBacklog");
    assertThat(build.reports().ids()).as(build.describe()).hasSize(1);
  }

  @Test
  void surefireGroupsNamingAStageFailsTheBuildNamingDynamoStage() throws Exception {
    // The fixture's tests carry @Stage(NIGHTLY), and no @Tag("nightly").
    Result build = FixtureBuild.copy(FIXTURE, "groups-nightly").test("-Dgroups=nightly");

    assertThat(build.exitCode()).as(build.describe()).isNotZero();
    assertThat(build.output())
        .as(build.describe())
        .contains("was removed by a filter of the launcher")
        .contains("'nightly' is a stage or type, not a @Tag")
        .contains("-Ddynamo.stage=nightly");
    assertThat(build.reports().ids(Status.PASSED)).as(build.describe()).isEmpty();
  }

  @Test
  void selectionThatMatchesNoTestFailsTheBuild() throws Exception {
    Result build = FixtureBuild.copy(FIXTURE, "empty-selection").test("-Ddynamo.stage=weekly");

    assertThat(build.exitCode()).as(build.describe()).isNotZero();
    assertThat(build.output())
        .as(build.describe())
        .contains("The selection dynamo.stage=weekly matches none of the")
        .contains("set dynamo.empty=allow if an empty run is expected");
  }

  @Test
  void namesTheUnclassifiedTestThatAStageSelectionLeavesOut() throws Exception {
    Result build = FixtureBuild.copy(FIXTURE, "unclassified").test("-Ddynamo.stage=nightly");

    assertThat(build.output())
        .as(build.describe())
        .contains(
            "1 unclassified test (no @Stage or no @TestType), not run"
                + " (dynamo.unclassified=include runs them): listed in ")
        .contains("unclassified.txt; ")
        .contains("LegacyUnclassifiedTest#stillWorks()");
  }

  @Test
  void coverageMinimumWithoutAnAgentFailsTheBuildThoughEveryTestPassed() throws Exception {
    Result build =
        FixtureBuild.copy(FIXTURE, "coverage-minimum")
            .test("-Ddynamo.stage=nightly", "-Ddynamo.coverage.minimum.e2e=0.5");

    assertThat(build.exitCode()).as(build.describe()).isNotZero();
    assertThat(build.reports().ids(Status.PASSED)).as(build.describe()).contains(NIGHTLY_TESTS[1]);
    assertThat(build.output())
        .as(build.describe())
        .contains("CoverageMinimumNotMet")
        .contains("coverage was not measured: no JaCoCo agent is attached to this JVM");
  }

  @Test
  void misspelledStageFailsTheBuildListingTheValidStages() throws Exception {
    Result build = FixtureBuild.copy(FIXTURE, "misspelled-stage").test("-Ddynamo.stage=nigthly");

    assertThat(build.exitCode()).as(build.describe()).isNotZero();
    assertThat(build.output())
        .as(build.describe())
        .contains("dynamo.stage=nigthly")
        .contains("unknown stage 'nigthly'")
        .contains(
            "Valid stages: pre-commit, pre-merge, post-merge, nightly, weekly, qa, pre-release");
    assertThat(build.reports().ids(Status.PASSED)).as(build.describe()).isEmpty();
  }

  @Test
  void aBuildPropertyNamedLikeTheEngineIsIgnoredWithOneWarningForTheRun() throws Exception {
    // The usual way to try a new version: a property named after the artifact, which Surefire
    // passes on to the tests, where the engine reads it as the key dynamo.version.
    Result build =
        FixtureBuild.copy(FIXTURE, "version-property")
            .test("-Ddynamo.stage=nightly", "-Ddynamo.version=0.2.0");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(build.reports().ids()).as(build.describe()).containsExactly(NIGHTLY_TESTS);
    assertThat(build.output().lines().filter(line -> line.contains("ignoring dynamo.version")))
        .as(build.describe())
        .containsExactly(
            "[dynamo] WARNING: ignoring dynamo.version: it is no parameter of the dynamo engine,"
                + " nor close to one");
  }

  @Test
  void misspelledParameterFailsTheBuildNamingTheOneItMeant() throws Exception {
    Result build =
        FixtureBuild.copy(FIXTURE, "misspelled-parameter").test("-Ddynamo.stgae=nightly");

    assertThat(build.exitCode()).as(build.describe()).isNotZero();
    assertThat(build.output())
        .as(build.describe())
        .contains(
            "[dynamo] ERROR: Unknown configuration parameter dynamo.stgae (did you mean"
                + " dynamo.stage?). Valid parameters: ");
    assertThat(build.reports().ids(Status.PASSED)).as(build.describe()).isEmpty();
  }

  @Test
  void surefireTestFilterOnAMethodStillSelectsByStage() throws Exception {
    // Surefire's -Dtest selects classes and filters methods by name: unlike an IDE's method
    // selector, it names no test to the engine, so the stage still applies.
    Result build =
        FixtureBuild.copy(FIXTURE, "test-filter-outside-stage")
            .test("-Ddynamo.stage=nightly", "-Dtest=MixedStagesTest#connects");

    assertThat(build.exitCode()).as(build.describe()).isNotZero();
    assertThat(build.output())
        .as(build.describe())
        .contains("The selection dynamo.stage=nightly matches none of the")
        .doesNotContain("explicitly selected");
    assertThat(build.reports().ids(Status.PASSED)).as(build.describe()).isEmpty();
  }

  @Test
  void withoutSelectionEveryTestRunsExactlyOnce() throws Exception {
    Result build = FixtureBuild.copy(FIXTURE, "no-selection").test();

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(build.reports().ids()).as(build.describe()).containsExactly(ALL_TESTS);
    assertOnlyTheTokenTestIsSkipped(build);
  }

  private static void assertOnlyTheTokenTestIsSkipped(Result build) {
    assertThat(build.reports().cases())
        .as(build.describe())
        .filteredOn(c -> c.status() != Status.PASSED)
        .singleElement()
        .satisfies(
            skipped -> {
              assertThat(skipped.id()).isEqualTo("NightlySoakTest.uploadsResults");
              assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
              assertThat(skipped.message()).contains("STAGE_SELECTION_FIXTURE_TOKEN");
            });
  }
}

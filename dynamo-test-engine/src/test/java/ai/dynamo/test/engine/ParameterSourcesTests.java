package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.MixedStages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dynamo.*} parameters where users set them outside Maven: JUnit's own command line
 * ({@code ConsoleLauncher --config}) and a {@code junit-platform.properties} on the class path,
 * each in a JVM of its own, as a user would run it. Surefire's {@code configurationParameters} and
 * system properties are covered by {@code SurefireStageSelectionIT}.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("stage-selection")
class ParameterSourcesTests {

  @TempDir Path dir;

  @Test
  void selectsAStageGivenToTheConsoleLauncherWithConfig() throws Exception {
    ConsoleLauncherRun run = consoleLauncher(List.of(), "--config", "dynamo.stage=nightly");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("[dynamo] dynamo.stage=nightly: selected 2 of 3 tests")
        .contains("onlyAtNightOverridingTheClass()")
        .contains("nightlyEndToEnd(int)")
        .doesNotContain("inPreMergeFromTheClass()")
        .contains("4 tests successful");
  }

  @Test
  void stopsTheConsoleLauncherOnAnUnknownStageNamingTheValidOnes() throws Exception {
    ConsoleLauncherRun run = consoleLauncher(List.of(), "--config", "dynamo.stage=nigthly");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output())
        .contains(
            "Invalid dynamo.stage=nigthly: unknown stage 'nigthly'. Valid stages: pre-commit,"
                + " pre-merge, post-merge, nightly, weekly, qa, pre-release.")
        .doesNotContain("tests successful");
  }

  @Test
  void readsTheStageFromJunitPlatformPropertiesOnTheClassPath() throws Exception {
    Files.writeString(dir.resolve("junit-platform.properties"), "dynamo.stage=pre-merge\n");

    ConsoleLauncherRun run = consoleLauncher(List.of(dir));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("[dynamo] dynamo.stage=pre-merge: selected 1 of 3 tests")
        .contains("inPreMergeFromTheClass()")
        .doesNotContain("onlyAtNightOverridingTheClass()")
        .contains("1 tests successful");
  }

  @Test
  void letsTheCommandLineOverrideJunitPlatformProperties() throws Exception {
    Files.writeString(dir.resolve("junit-platform.properties"), "dynamo.stage=pre-merge\n");

    ConsoleLauncherRun run = consoleLauncher(List.of(dir), "--config", "dynamo.stage=nightly");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("[dynamo] dynamo.stage=nightly: selected 2 of 3 tests");
  }

  /** Runs {@link MixedStages} through JUnit's ConsoleLauncher in a new JVM. */
  private ConsoleLauncherRun consoleLauncher(List<Path> extraClassPath, String... options)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>();
    all.add("--select-class=" + MixedStages.class.getName());
    all.addAll(List.of(options));
    return ConsoleLauncherRun.execute(dir, extraClassPath, all.toArray(String[]::new));
  }
}

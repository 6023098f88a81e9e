package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.MixedStages;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    Run run = consoleLauncher(List.of(), "--config", "dynamo.stage=nightly");

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
    Run run = consoleLauncher(List.of(), "--config", "dynamo.stage=nigthly");

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

    Run run = consoleLauncher(List.of(dir));

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

    Run run = consoleLauncher(List.of(dir), "--config", "dynamo.stage=nightly");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("[dynamo] dynamo.stage=nightly: selected 2 of 3 tests");
  }

  private record Run(int exitCode, String output) {}

  /** Runs {@link MixedStages} through JUnit's ConsoleLauncher in a new JVM. */
  private Run consoleLauncher(List<Path> extraClassPath, String... options)
      throws IOException, InterruptedException {
    List<String> classPath = new ArrayList<>();
    extraClassPath.forEach(path -> classPath.add(path.toString()));
    classPath.add(System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add("org.junit.platform.console.ConsoleLauncher");
    command.add("execute");
    command.add("--disable-banner");
    command.add("--disable-ansi-colors");
    command.add("--details=tree");
    command.add("--select-class=" + MixedStages.class.getName());
    command.add("--config=dynamo.reports.dir=" + dir.resolve("reports"));
    command.add("--config=dynamo.history=off");
    command.addAll(List.of(options));
    Path output = dir.resolve("console.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ConsoleLauncher finished").isTrue();
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }
}

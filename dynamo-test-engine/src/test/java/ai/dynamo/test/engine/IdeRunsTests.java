package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.MixedStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a developer sees running tests from an IDE, proven with JUnit's ConsoleLauncher, which
 * selects tests the way IDEs do: the {@code dynamo} engine's root has a name of its own, and a test
 * selected by method or unique id runs even when the stage configured in {@code
 * junit-platform.properties} does not select it, while a class still runs only its tests of the
 * stage. {@link MixedStages} has one pre-merge test and two nightly ones; the stage here is
 * nightly.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("stage-selection")
@Tutorial("docs/ide.md#run-one-test-from-the-ide")
class IdeRunsTests {

  private static final String PRE_MERGE_TEST =
      MixedStages.class.getName() + "#inPreMergeFromTheClass()";

  @TempDir Path dir;

  @BeforeEach
  void configureTheNightlyStageAsAProjectWould() throws Exception {
    Files.writeString(dir.resolve("junit-platform.properties"), "dynamo.stage=nightly\n");
  }

  @Test
  void showsTheEngineRootUnderANameOfItsOwn() throws Exception {
    ConsoleLauncherRun run =
        ConsoleLauncherRun.execute(
            dir, List.of(dir), "--select-class=" + MixedStages.class.getName());

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> lines = run.output().lines().toList();
    // The tests are under the dynamo root; Jupiter's own root stays empty.
    List<String> roots = lines.stream().filter(line -> line.contains("JUnit Jupiter")).toList();
    assertThat(roots)
        .as(run.output())
        .map(line -> line.substring(3))
        .containsExactlyInAnyOrder("dynamo (JUnit Jupiter) ✔", "JUnit Jupiter ✔");
    int root = lines.indexOf(roots.stream().filter(l -> l.contains("dynamo")).findFirst().get());
    assertThat(lines.get(root + 1)).endsWith("└─ SelectionFixtures$MixedStages ✔");
  }

  @Test
  void runsATestSelectedByMethodOutsideTheConfiguredStageAndSaysSo() throws Exception {
    ConsoleLauncherRun run =
        ConsoleLauncherRun.execute(dir, List.of(dir), "--select-method=" + PRE_MERGE_TEST);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("inPreMergeFromTheClass() ✔")
        .contains("[dynamo] dynamo.stage=nightly: selected 1 of 1 tests")
        .contains(
            "[dynamo] ran 1 explicitly selected test outside dynamo.stage=nightly (selected by"
                + " method or unique id, as IDEs do): "
                + PRE_MERGE_TEST)
        .contains("1 tests successful");
  }

  @Test
  void runsATestSelectedByUniqueIdOutsideTheConfiguredStage() throws Exception {
    String uniqueId =
        "[engine:dynamo]/[class:"
            + MixedStages.class.getName()
            + "]/[method:inPreMergeFromTheClass()]";

    ConsoleLauncherRun run =
        ConsoleLauncherRun.execute(dir, List.of(dir), "--select-unique-id=" + uniqueId);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("inPreMergeFromTheClass() ✔")
        .contains("[dynamo] ran 1 explicitly selected test outside dynamo.stage=nightly")
        .contains("1 tests successful");
  }

  @Test
  void saysNothingOfATestSelectedByMethodThatTheStageSelectsAnyway() throws Exception {
    ConsoleLauncherRun run =
        ConsoleLauncherRun.execute(
            dir,
            List.of(dir),
            "--select-method=" + MixedStages.class.getName() + "#onlyAtNightOverridingTheClass");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("onlyAtNightOverridingTheClass() ✔")
        .doesNotContain("explicitly selected")
        .contains("1 tests successful");
  }

  @Test
  void stillSelectsByStageInAClassSelectedAsAWhole() throws Exception {
    ConsoleLauncherRun run =
        ConsoleLauncherRun.execute(
            dir, List.of(dir), "--select-class=" + MixedStages.class.getName());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("[dynamo] dynamo.stage=nightly: selected 2 of 3 tests")
        .contains("onlyAtNightOverridingTheClass() ✔")
        .doesNotContain("inPreMergeFromTheClass()")
        .doesNotContain("explicitly selected")
        .contains("4 tests successful");
  }
}

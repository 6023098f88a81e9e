package ai.dynamo.test.engine.selection;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.LaunchedRun;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.launcher.TagFilter;

/**
 * A run whose tests were all removed by the launcher's own filters (Surefire's {@code groups}) says
 * so: it fails when the filter names a stage or type, which no {@code @Tag} carries, and warns
 * otherwise.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Isolated("replaces System.out")
class LauncherFiltersTests {

  @TempDir Path reports;

  @Test
  void failsWhenATagFilterNamesAStageThatNoTagCarries() {
    LaunchedRun run =
        LaunchedRun.launch(
            reports,
            Map.of(),
            List.of(TagFilter.includeTags("nightly")),
            SelectionFixtures.MixedStages.class,
            SelectionFixtures.ComposedOnMethod.class);

    assertThat(run.tests()).isEmpty();
    assertThat(run.rootFailures())
        .singleElement()
        .asString()
        .startsWith("Every one of the ")
        .contains("was removed by a filter of the launcher")
        .contains("'nightly' is a stage or type, not a @Tag")
        .contains("-Ddynamo.stage=nightly");
  }

  @Test
  void warnsWithoutFailingWhenAnotherTagFilterRemovesEveryTest() {
    LaunchedRun run =
        LaunchedRun.launch(
            reports,
            Map.of(),
            List.of(TagFilter.includeTags("database")),
            SelectionFixtures.MixedStages.class);

    assertThat(run.rootFailures()).isEmpty();
    assertThat(run.console())
        .contains("[dynamo] WARNING: Every one of the ")
        .contains("so this run executes no test.");
  }

  @Test
  void saysNothingWhenTheFilterKeepsTests() {
    LaunchedRun run =
        LaunchedRun.launch(
            reports,
            Map.of(),
            List.of(TagFilter.includeTags("slow")),
            SelectionFixtures.FastUnit.class);

    assertThat(run.tests()).isNotEmpty();
    assertThat(run.rootFailures()).isEmpty();
    assertThat(run.console()).doesNotContain("removed by a filter of the launcher");
  }
}

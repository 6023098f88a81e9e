package ai.dynamo.test.engine.selection;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

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

  private final List<String> rootFailures = new ArrayList<>();
  private final List<String> tests = new ArrayList<>();

  private String launch(PostDiscoveryFilter filter, Class<?>... classes) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      LauncherFactory.create()
          .execute(
              LauncherDiscoveryRequestBuilder.request()
                  .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toList())
                  .filters(filter)
                  .configurationParameter("dynamo.reports.dir", reports.toString())
                  .configurationParameter("dynamo.history", "off")
                  .enableImplicitConfigurationParameters(false)
                  .build(),
              new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                  if (id.isTest()) {
                    tests.add(id.getDisplayName());
                  }
                  if (id.getUniqueId().equals("[engine:dynamo]")) {
                    result.getThrowable().ifPresent(t -> rootFailures.add(t.getMessage()));
                  }
                }
              });
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void failsWhenATagFilterNamesAStageThatNoTagCarries() {
    launch(
        TagFilter.includeTags("nightly"),
        SelectionFixtures.MixedStages.class,
        SelectionFixtures.ComposedOnMethod.class);

    assertThat(tests).isEmpty();
    assertThat(rootFailures)
        .singleElement()
        .asString()
        .startsWith("Every one of the ")
        .contains("was removed by a filter of the launcher")
        .contains("'nightly' is a stage or type, not a @Tag")
        .contains("-Ddynamo.stage=nightly");
  }

  @Test
  void warnsWithoutFailingWhenAnotherTagFilterRemovesEveryTest() {
    String output = launch(TagFilter.includeTags("database"), SelectionFixtures.MixedStages.class);

    assertThat(rootFailures).isEmpty();
    assertThat(output)
        .contains("[dynamo] WARNING: Every one of the ")
        .contains("so this run executes no test.");
  }

  @Test
  void saysNothingWhenTheFilterKeepsTests() {
    String output = launch(TagFilter.includeTags("slow"), SelectionFixtures.FastUnit.class);

    assertThat(tests).isNotEmpty();
    assertThat(rootFailures).isEmpty();
    assertThat(output).doesNotContain("removed by a filter of the launcher");
  }
}

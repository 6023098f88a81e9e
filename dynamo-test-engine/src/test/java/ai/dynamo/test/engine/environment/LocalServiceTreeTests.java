package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.requirements.ExecutableLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link LocalServiceTests} again, with the Linux-only process groups switched off
 * ({@code dynamo.env.local.processes=tree}): local services as they run on macOS and Windows, where
 * there is no {@code setsid} and no {@code /proc}.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class LocalServiceTreeTests extends LocalServiceTests {

  @Override
  EnvironmentTestKit kit() {
    return super.kit().with(Constants.ENV_LOCAL_PROCESSES, "tree");
  }

  @Test
  void runsTheServiceInThisJvmsProcessGroupAndRecordsItAsATree() throws Exception {
    EnvironmentTestKit kit = kit();

    kit.run(ServiceFixtures.ThrowsWhileTheServiceRuns.class);

    @SuppressWarnings("unchecked")
    List<ProcessHandle> processes = (List<ProcessHandle>) ServiceFixtures.SEEN.get("processes");
    assertThat(processes).hasSize(2); // sleep 601, and the sleep 600 it forked
    // No group of its own: where there is no setsid, the service stays in the JVM's group.
    assertThat(ServiceFixtures.SEEN.get("pgid"))
        .isEqualTo(ServiceProtocols.processGroupOf(ProcessHandle.current().pid()));
    assertThat(Files.readString(kit.logs().resolve("ThrowsWhileTheServiceRuns-forking.log")))
        .contains("ready on");
    assertThat(Files.exists(kit.state())).isTrue();
    try (var files = Files.walk(kit.state())) {
      assertThat(files.filter(Files::isRegularFile).toList()).as("records left").isEmpty();
    }
  }

  @Test
  void autoPicksTheTreeWhereTheHostHasNoSetsidAndGroupFailsNamingWhatIsMissing(
      @org.junit.jupiter.api.io.TempDir Path emptyPath) {
    ExecutableLookup noSetsid = ExecutableLookup.onPath(emptyPath.toString());

    assertThat(ProcessControl.choose(ProcessControl.Setting.AUTO, noSetsid))
        .isEqualTo(ProcessControl.TREE);
    assertThat(ProcessControl.choose(ProcessControl.Setting.TREE, noSetsid))
        .isEqualTo(ProcessControl.TREE);
    assertThatThrownBy(() -> ProcessControl.choose(ProcessControl.Setting.GROUP, noSetsid))
        .isInstanceOf(ServiceStartException.class)
        .hasMessageContaining("dynamo.env.local.processes=group needs the setsid command")
        .hasMessageContaining("dynamo.env.local.processes=tree");
    // This Linux host has all it takes for groups.
    assertThat(
            ProcessControl.choose(
                ProcessControl.Setting.AUTO, ExecutableLookup.onPath(System.getenv("PATH"))))
        .isEqualTo(ProcessControl.GROUP);
  }

  @Test
  void anUnknownProcessControlIsAConfigurationErrorNamingTheChoices() {
    assertThatThrownBy(
            () ->
                kit()
                    .with(Constants.ENV_LOCAL_PROCESSES, "pgroup")
                    .run(ServiceFixtures.NatsPerMethod.class))
        .rootCause()
        .hasMessageContaining("dynamo.env.local.processes=pgroup")
        .hasMessageContaining("auto, group, tree");
  }
}

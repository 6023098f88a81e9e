package ai.dynamo.test.engine.scheduling;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shard comes from {@code dynamo.shard}, or from the sharding variables of the CI runner: Bazel
 * always (a Bazel test runner must honour them), GitLab and CircleCI under {@code
 * dynamo.shard=auto}.
 */
@Stage(PRE_MERGE)
@TestType(UNIT)
class ShardProtocolsTests {

  @TempDir Path dir;

  private static Optional<ShardSpec> resolve(String configured, Map<String, String> environment) {
    return ShardSpec.resolve(Optional.ofNullable(configured), environment::get);
  }

  @Test
  void bazelsVariablesShardWithoutAnyConfigurationAndTheStatusFileIsTouched() {
    Path status = dir.resolve("bazel-out/shard.status");

    Optional<ShardSpec> shard =
        resolve(
            null,
            Map.of(
                "TEST_SHARD_INDEX", "2",
                "TEST_TOTAL_SHARDS", "4",
                "TEST_SHARD_STATUS_FILE", status.toString()));

    // Bazel counts from 0: its shard 2 is the third of four.
    assertThat(shard)
        .contains(new ShardSpec(3, 4, "Bazel's TEST_SHARD_INDEX=2, TEST_TOTAL_SHARDS=4"));
    assertThat(shard.orElseThrow().describe())
        .isEqualTo("dynamo.shard=3/4 (Bazel's TEST_SHARD_INDEX=2, TEST_TOTAL_SHARDS=4)");
    assertThat(status).exists();
  }

  @Test
  void gitLabAndCircleCiVariablesShardOnlyUnderAuto() {
    Map<String, String> gitLab = Map.of("CI_NODE_INDEX", "1", "CI_NODE_TOTAL", "3");
    Map<String, String> circle = Map.of("CIRCLE_NODE_INDEX", "1", "CIRCLE_NODE_TOTAL", "3");

    assertThat(resolve(null, gitLab)).isEmpty();
    assertThat(resolve(null, circle)).isEmpty();
    // GitLab counts from 1, CircleCI from 0.
    assertThat(resolve("auto", gitLab)).map(ShardSpec::toString).contains("1/3");
    assertThat(resolve("auto", circle)).map(ShardSpec::toString).contains("2/3");
  }

  @Test
  void anExplicitShardWinsOverTheEnvironment() {
    assertThat(resolve("2/5", Map.of("TEST_SHARD_INDEX", "0", "TEST_TOTAL_SHARDS", "4")))
        .contains(new ShardSpec(2, 5));
  }

  @Test
  void autoWithoutAnyRunnersVariablesRunsEveryClassAndSaysWhy() {
    ShardSpec shard = resolve("auto", Map.of()).orElseThrow();

    assertThat(shard.count()).isEqualTo(1);
    assertThat(shard.describe())
        .isEqualTo(
            "dynamo.shard=1/1 (auto, and none of TEST_TOTAL_SHARDS, CI_NODE_TOTAL,"
                + " CIRCLE_NODE_TOTAL is set: every class runs)");
  }

  @Test
  void badVariablesNameTheVariablesAndTheirValidRange() {
    assertThatThrownBy(
            () -> resolve("auto", Map.of("CIRCLE_NODE_INDEX", "3", "CIRCLE_NODE_TOTAL", "3")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid shard from CircleCI's CIRCLE_NODE_INDEX=3, CIRCLE_NODE_TOTAL=3: expected"
                + " CIRCLE_NODE_TOTAL >= 1 and CIRCLE_NODE_INDEX from 0 to CIRCLE_NODE_TOTAL - 1.");
    assertThatThrownBy(() -> resolve(null, Map.of("TEST_TOTAL_SHARDS", "four")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Invalid shard from Bazel's TEST_SHARD_INDEX=null");
    assertThatThrownBy(() -> resolve("autp", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dynamo.shard=auto to read the shard from");
  }

  @Test
  void theSchedulingSettingsCarryTheShardOfTheEnvironment() throws Exception {
    Path status = dir.resolve("status");
    SchedulingSettings settings =
        SchedulingSettings.from(
            key -> Optional.ofNullable(Map.of("dynamo.shard", "auto").get(key)),
            Set.of(),
            Map.of(
                    "TEST_SHARD_INDEX", "0",
                    "TEST_TOTAL_SHARDS", "2",
                    "TEST_SHARD_STATUS_FILE", status.toString())
                ::get);

    assertThat(settings.shard()).map(ShardSpec::toString).contains("1/2");
    assertThat(Files.exists(status)).isTrue();
  }
}

package ai.dynamo.test.maven;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.Properties;
import org.junit.jupiter.api.Test;

@Stage(PRE_MERGE)
@TestType(UNIT)
class PluginPropertiesTests {

  @Test
  void misspeltPropertyIsNamedWithTheNearestValidOneAndTheGoalsList() {
    Properties user = new Properties();
    user.setProperty("dynamo-test.maxShard", "4");
    user.setProperty("dynamo.stage", "nightly");

    assertThat(PluginProperties.unknown("plan", user))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith(
                        "Unknown property dynamo-test.maxShard (did you mean"
                            + " dynamo-test.maxShards?).")
                    .contains("The properties of dynamo-test:plan are dynamo-test.history,")
                    .doesNotContain("dynamo.stage"));
  }

  @Test
  void propertyOfAnotherGoalIsAcceptedSinceOneCommandLineMayRunSeveralGoals() {
    Properties user = new Properties();
    user.setProperty("dynamo-test.inputs", "shards/*");
    user.setProperty("dynamo-test.shards", "3");

    assertThat(PluginProperties.unknown("plan", user)).isEmpty();
  }

  @Test
  void toolsMessageIsTranslatedToThePropertiesAndLosesTheCommandLinesUsage() {
    String translated =
        PluginProperties.translate(
            "plan",
            "--max-shards bounds --budget's search: give --budget too. Usage: ShardPlanner"
                + " [--history DIR] (--budget 30m [--max-shards N] | --shards N)");

    assertThat(translated)
        .isEqualTo(
            "dynamo-test.maxShards bounds dynamo-test.budget's search: give dynamo-test.budget"
                + " too.");
  }
}

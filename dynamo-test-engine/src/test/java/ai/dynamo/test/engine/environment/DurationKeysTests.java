package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceRecipe;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.scheduling.SchedulingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Every duration a user writes, in configuration or in {@code @Service(startTimeout)}, follows the
 * grammar of {@code dynamo.budget}: {@code 1h30m} and {@code PT45M} are accepted everywhere, and
 * {@code banana} and {@code -1s} are refused with the key, the value and valid examples.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class DurationKeysTests {

  private static final String VALID_EXAMPLES = "90s, 45m, 1h30m, 500ms or PT45M";

  @TempDir Path directory;

  @ParameterizedTest
  @ValueSource(strings = {Constants.BUDGET, Constants.ENV_START_TIMEOUT, Constants.ENV_STOP_GRACE})
  void everyDurationKeyAcceptsHoursAndMinutesAndIsoDurations(String key) {
    assertThat(parse(key, "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(parse(key, "PT45M")).isEqualTo(Duration.ofMinutes(45));
  }

  @ParameterizedTest
  @ValueSource(strings = {Constants.BUDGET, Constants.ENV_START_TIMEOUT, Constants.ENV_STOP_GRACE})
  void everyDurationKeyRefusesWhatIsNotADuration(String key) {
    assertThatThrownBy(() -> parse(key, "banana"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid "
                + key
                + "=banana: it is not a duration. Write a positive duration such as "
                + VALID_EXAMPLES
                + ".");
  }

  @ParameterizedTest
  @ValueSource(strings = {Constants.BUDGET, Constants.ENV_START_TIMEOUT, Constants.ENV_STOP_GRACE})
  void everyDurationKeyRefusesANegativeDuration(String key) {
    assertThatThrownBy(() -> parse(key, "-1s"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid "
                + key
                + "=-1s: a duration cannot be negative. Write a positive duration such as "
                + VALID_EXAMPLES
                + ".");
  }

  @Test
  void aServiceStartTimeoutAcceptsHoursAndMinutesAndIsoDurations() {
    EngineExecutionResults results =
        kit().run(StartsWithinAnHourAndAHalf.class, StartsWithinPt45m.class);
    EnvironmentTestKit.assertAllSucceeded(results, 2);
  }

  @Test
  void aServiceStartTimeoutThatIsNotADurationFailsTheClassNamingTheService() {
    kit()
        .run(StartsWithinBanana.class)
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(StartsWithinBanana.class),
                finishedWithFailure(
                    message(
                        "Invalid @Service(startTimeout) of ready=banana: it is not a duration."
                            + " Write a positive duration such as "
                            + VALID_EXAMPLES
                            + "."))));
  }

  @Test
  void aNegativeServiceStartTimeoutFailsTheClassNamingTheService() {
    kit()
        .run(StartsWithinMinusOneSecond.class)
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(StartsWithinMinusOneSecond.class),
                finishedWithFailure(
                    message(
                        "Invalid @Service(startTimeout) of ready=-1s: a duration cannot be"
                            + " negative. Write a positive duration such as "
                            + VALID_EXAMPLES
                            + "."))));
  }

  private static Duration parse(String key, String value) {
    Map<String, String> parameters = Map.of(key, value);
    if (key.equals(Constants.BUDGET)) {
      return SchedulingSettings.from(k -> Optional.ofNullable(parameters.get(k)), Set.of())
          .budget()
          .orElseThrow();
    }
    EnvironmentSettings settings =
        EnvironmentSettings.from(k -> Optional.ofNullable(parameters.get(k)));
    return key.equals(Constants.ENV_START_TIMEOUT) ? settings.startTimeout() : settings.stopGrace();
  }

  private EnvironmentTestKit kit() {
    return new EnvironmentTestKit(directory, "local");
  }

  /** A process that says it is ready and then waits to be stopped. */
  public static class ReadyRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("ready")
          .withPorts("main")
          .withExecutable("sh", "-c", "echo ready; exec sleep 600")
          .waitingFor(Readiness.logLine("^ready$"));
    }
  }

  @Service(recipe = ReadyRecipe.class, startTimeout = "1h30m")
  static class StartsWithinAnHourAndAHalf {
    @Test
    void isReady(ServiceHandle ready) {
      assertThat(ready.isRunning()).isTrue();
    }
  }

  @Service(recipe = ReadyRecipe.class, startTimeout = "PT45M")
  static class StartsWithinPt45m {
    @Test
    void isReady(ServiceHandle ready) {
      assertThat(ready.isRunning()).isTrue();
    }
  }

  @Service(recipe = ReadyRecipe.class, startTimeout = "banana")
  static class StartsWithinBanana {
    @Test
    void neverRuns() {}
  }

  @Service(recipe = ReadyRecipe.class, startTimeout = "-1s")
  static class StartsWithinMinusOneSecond {
    @Test
    void neverRuns() {}
  }
}

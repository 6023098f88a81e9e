package ai.dynamo.test.engine.flaky;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.FlakySettings;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code dynamo.flaky} and {@code dynamo.flaky.retries} are checked at discovery, before any test
 * runs and whether or not a test is {@code @Flaky}, with the message {@code @Flaky}'s extension
 * would give.
 */
@Stage(PRE_MERGE)
@TestType(UNIT)
class FlakyConfigurationTest {

  static final AtomicInteger RAN = new AtomicInteger();

  @BeforeEach
  void reset() {
    RAN.set(0);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          dynamo.flaky.retries | -1        | Invalid dynamo.flaky.retries=-1. Valid values: a whole number of retries, 0 or more, such as 3 (default: 2).
          dynamo.flaky.retries | x         | Invalid dynamo.flaky.retries=x. Valid values: a whole number of retries, 0 or more, such as 3 (default: 2).
          dynamo.flaky.retries | 2.5       | Invalid dynamo.flaky.retries=2.5. Valid values: a whole number of retries, 0 or more, such as 3 (default: 2).
          dynamo.flaky         | sometimes | Invalid dynamo.flaky=sometimes. Valid values: retry, quarantine, strict (default: retry).
          """)
  void aBadValueFailsDiscoveryEvenWithoutAFlakyTest(String key, String value, String message) {
    assertThatThrownBy(
            () ->
                EngineTestKit.engine("dynamo")
                    .enableImplicitConfigurationParameters(false)
                    .configurationParameter("dynamo.history", "off")
                    .configurationParameter("dynamo.summary", "false")
                    .configurationParameter(key, value)
                    .selectors(selectClass(NotFlaky.class))
                    .execute())
        .rootCause()
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(message);
    assertThat(RAN).hasValue(0);
  }

  @Test
  void theEngineAndTheExtensionRejectABadValueWithTheSameMessage() {
    Map<String, String> parameters = Map.of("dynamo.flaky", "often");

    Throwable atDiscovery =
        catchThrowable(() -> DynamoConfiguration.from(key -> lookup(parameters, key)));
    Throwable whenATestRuns =
        catchThrowable(() -> FlakySettings.from(key -> lookup(parameters, key)));

    assertThat(atDiscovery).isInstanceOf(ConfigurationException.class);
    assertThat(atDiscovery).hasMessage(whenATestRuns.getMessage());
  }

  @Test
  void readsTheModeInAnyCaseAndTheRetries() {
    DynamoConfiguration configuration =
        DynamoConfiguration.from(
            key ->
                lookup(Map.of("dynamo.flaky", " Quarantine ", "dynamo.flaky.retries", "0"), key));

    assertThat(configuration.flaky()).isEqualTo(FlakySettings.Mode.QUARANTINE);
    assertThat(configuration.flakyRetries()).isZero();
  }

  @Test
  void defaultsToRetryTwice() {
    DynamoConfiguration configuration = DynamoConfiguration.from(key -> Optional.empty());

    assertThat(configuration.flaky()).isEqualTo(FlakySettings.Mode.RETRY);
    assertThat(configuration.flakyRetries()).isEqualTo(2);
  }

  private static Optional<String> lookup(Map<String, String> parameters, String key) {
    return Optional.ofNullable(parameters.get(key));
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class NotFlaky {
    @Test
    void runs() {
      RAN.incrementAndGet();
    }
  }
}

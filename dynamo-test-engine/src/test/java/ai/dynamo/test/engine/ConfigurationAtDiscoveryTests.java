package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.EngineTestSupport.discoveryError;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every {@code dynamo.*} value is checked when the run is discovered, before any test runs, whether
 * or not a test of the run uses it: a bad value of a key that only services, coverage or the budget
 * read fails a run whose tests use none of them.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class ConfigurationAtDiscoveryTests {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dynamo.env.mode|kube|dynamo.env.mode",
        "dynamo.env.start-timeout|banana|dynamo.env.start-timeout",
        "dynamo.env.stop-grace|-1s|dynamo.env.stop-grace",
        "dynamo.env.container.network|two words|dynamo.env.container.network",
        "dynamo.coverage.minimum.unit|80%|dynamo.coverage.minimum.unit",
        "dynamo.budget|banana|dynamo.budget",
        "dynamo.shard|x|dynamo.shard",
        "dynamo.order|sideways|dynamo.order",
        "dynamo.order.seed|x|dynamo.order.seed",
        "dynamo.budget.exceeded|sometimes|dynamo.budget.exceeded",
        "dynamo.gpu.wait|banana|dynamo.gpu.wait",
        "dynamo.history.window|x|dynamo.history.window",
        "dynamo.progress|soon|dynamo.progress",
        "dynamo.summary|maybe|dynamo.summary",
        "dynamo.dry-run|maybe|dynamo.dry-run",
        "dynamo.citations|loose|dynamo.citations",
        "dynamo.requirements.missing|sometimes|dynamo.requirements.missing",
        "dynamo.flaky|maybe|dynamo.flaky",
        "dynamo.flaky.retries|-1|dynamo.flaky.retries",
        "dynamo.empty|never|dynamo.empty",
        "dynamo.unclassified|all|dynamo.unclassified",
        "dynamo.classification|lax|dynamo.classification",
        "dynamo.classification.rules|/nonexistent/rules.properties|dynamo.classification.rules"
      })
  void rejectsABadValueBeforeAnyTestRuns(String key, String value, String named) {
    // FastUnit declares no service, no coverage minimum and no budget of its own.
    Throwable error = discoveryError(Map.of(key, value), SelectionFixtures.FastUnit.class);

    assertThat(error).isInstanceOf(ConfigurationException.class).hasMessageContaining(named);
    assertThat(error.getMessage()).contains(value.strip());
  }
}

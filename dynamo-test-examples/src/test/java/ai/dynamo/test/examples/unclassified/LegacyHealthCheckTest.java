package ai.dynamo.test.examples.unclassified;

import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.examples.CompletionsClient;
import ai.dynamo.test.examples.ServingStack;
import org.junit.jupiter.api.Test;

/**
 * Deliberately unclassified: no {@code @Stage}, no {@code @TestType}. It is kept on purpose to show
 * what dynamo-test reports: every run that selects a stage names this class's tests as unclassified
 * and leaves them out (unless {@code dynamo.unclassified=include}), {@code
 * dynamo.classification=strict} fails the run because of them, and the classification check lists
 * them. Do not "fix" it by classifying it.
 */
class LegacyHealthCheckTest {

  @Test
  void reportsHealthyWhileAWorkerIsRegistered() {
    try (ServingStack stack = ServingStack.start().withLocalWorker("only")) {
      CompletionsClient.Response health = new CompletionsClient(stack.uri()).get("/health");

      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body().path("status").textValue()).isEqualTo("ok");
      assertThat(health.body().path("workers").intValue()).isEqualTo(1);
    }
  }

  @Test
  void reportsUnavailableWithoutWorkers() {
    try (ServingStack stack = ServingStack.start()) {
      CompletionsClient.Response health = new CompletionsClient(stack.uri()).get("/health");

      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body().path("status").textValue()).isEqualTo("no_workers");
    }
  }
}

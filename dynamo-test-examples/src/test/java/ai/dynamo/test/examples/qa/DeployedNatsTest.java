package ai.dynamo.test.examples.qa;

import static ai.dynamo.test.api.Lifecycle.QA;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.environment.BuiltInService.NATS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.examples.serving.NatsConnection;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * QA runs this against the NATS of a deployed system, which the job names in {@code NATS_SERVER}
 * ({@code nats://host:port}): {@code @Requires(env = "NATS_SERVER")} skips it with a reason where
 * the variable is not set, and {@code @Service(NATS)} then starts nothing and hands the test that
 * server. {@code .ci/stages} runs the QA stage this way against a {@code nats-server} of its own.
 */
@Stage(QA)
@TestType(INTEGRATION)
@Requires(env = "NATS_SERVER")
@Service(NATS)
class DeployedNatsTest {

  @Test
  void startsNothingAndHandsTheTestTheServerTheJobNames(ServiceHandle nats) {
    URI named = URI.create(System.getenv("NATS_SERVER"));

    assertThat(nats.mode()).isEqualTo(ServiceMode.EXTERNAL);
    assertThat(nats.host()).isEqualTo(named.getHost());
    assertThat(nats.port()).isEqualTo(named.getPort());
  }

  @Test
  void deliversAMessageThroughTheDeployedServer(ServiceHandle nats) throws Exception {
    try (NatsConnection subscriber = NatsConnection.connect(URI.create(nats.url()));
        NatsConnection publisher = NatsConnection.connect(URI.create(nats.url()))) {
      BlockingQueue<NatsConnection.Message> inbox = subscriber.subscribe("qa.smoke." + nats.port());

      publisher.publish("qa.smoke." + nats.port(), "deployed".getBytes(UTF_8));

      NatsConnection.Message message = inbox.poll(10, SECONDS);
      assertThat(message).as("the message, within 10 s").isNotNull();
      assertThat(message.text()).isEqualTo("deployed");
    }
  }
}

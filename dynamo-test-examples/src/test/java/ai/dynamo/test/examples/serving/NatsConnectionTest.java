package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.environment.BuiltInService.NATS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceScope;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * The examples' NATS client against a real {@code nats-server}, shared with the other classes that
 * declare a run-scoped NATS ({@link CompletionEventsTest}, the end-to-end tests): subjects are
 * unique per test so that the classes do not see each other's messages.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Service(value = NATS, scope = ServiceScope.RUN)
class NatsConnectionTest {

  @Test
  void deliversAPublishedMessageToASubscriberOfAnotherConnection(ServiceHandle nats)
      throws Exception {
    try (NatsConnection subscriber = NatsConnection.connect(URI.create(nats.url()));
        NatsConnection publisher = NatsConnection.connect(URI.create(nats.url()))) {
      BlockingQueue<NatsConnection.Message> inbox = subscriber.subscribe("test.delivery.*");

      publisher.publish("test.delivery.one", "héllo\r\nworld".getBytes(UTF_8));
      publisher.publish("test.other", "not for us".getBytes(UTF_8));
      publisher.publish("test.delivery.two", new byte[0]);

      NatsConnection.Message first = inbox.poll(5, SECONDS);
      NatsConnection.Message second = inbox.poll(5, SECONDS);
      assertThat(first.subject()).isEqualTo("test.delivery.one");
      assertThat(first.text()).isEqualTo("héllo\r\nworld");
      assertThat(second.subject()).isEqualTo("test.delivery.two");
      assertThat(second.payload()).isEmpty();
      publisher.flush(Duration.ofSeconds(5));
      subscriber.flush(Duration.ofSeconds(5));
      assertThat(inbox).isEmpty();
    }
  }

  @Test
  void seesTheServerGoWhenTheConnectionCloses(ServiceHandle nats) {
    NatsConnection connection = NatsConnection.connect(URI.create(nats.url()));
    assertThat(connection.isOpen()).isTrue();

    connection.close();

    assertThatThrownBy(() -> connection.publish("test.closed", new byte[1]))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Could not write to NATS");
  }

  @Test
  void failsToConnectToAPortWhereNoNatsListens() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    URI nowhere = URI.create("nats://127.0.0.1:" + port);

    assertThatThrownBy(() -> NatsConnection.connect(nowhere))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Could not connect to NATS at " + nowhere);
  }
}

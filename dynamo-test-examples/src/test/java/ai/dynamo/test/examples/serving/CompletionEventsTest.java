package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.environment.BuiltInService.NATS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceScope;
import ai.dynamo.test.examples.CompletionsClient;
import ai.dynamo.test.examples.ServingStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** The frontend publishes each completion it serves on NATS, through a real {@code nats-server}. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Service(value = NATS, scope = ServiceScope.RUN)
class CompletionEventsTest {

  @Test
  void publishesOneEventPerCompletionNamingTheWorker(ServiceHandle nats) throws Exception {
    try (NatsConnection events = NatsConnection.connect(URI.create(nats.url()));
        NatsConnection listener = NatsConnection.connect(URI.create(nats.url()));
        ServingStack stack =
            ServingStack.start(CompletionEvents.publishingTo(events)).withLocalWorker("w1")) {
      BlockingQueue<NatsConnection.Message> inbox = listener.subscribe(CompletionEvents.SUBJECT);
      CompletionsClient client = new CompletionsClient(stack.uri());

      client.complete("the quick brown fox", 3);
      client.complete("jumps over", 1);
      client.post("/v1/completions", "not json");

      // Each event follows its response from the thread that served it, so two completions'
      // events may arrive in either order.
      Map<String, JsonNode> byId = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        NatsConnection.Message message = inbox.poll(5, SECONDS);
        assertThat(message).as("event %d of 2 within 5 s", i + 1).isNotNull();
        JsonNode event = new ObjectMapper().readTree(message.payload());
        byId.put(event.path("id").textValue(), event);
      }
      assertThat(byId).containsOnlyKeys("cmpl-1", "cmpl-2");
      JsonNode first = byId.get("cmpl-1");
      assertThat(first.path("workerId").textValue()).isEqualTo("w1");
      assertThat(first.path("promptTokens").intValue()).isEqualTo(4);
      assertThat(first.path("completionTokens").intValue()).isEqualTo(3);
      assertThat(byId.get("cmpl-2").path("completionTokens").intValue()).isEqualTo(1);
      assertThat(inbox.poll(300, MILLISECONDS)).as("no event for a rejected request").isNull();
    }
  }

  @Test
  void keepsServingAndCountsDroppedEventsWhenNatsIsGone(ServiceHandle nats) {
    NatsConnection events = NatsConnection.connect(URI.create(nats.url()));
    CompletionEvents publisher = CompletionEvents.publishingTo(events);
    try (ServingStack stack = ServingStack.start(publisher).withLocalWorker("w1")) {
      events.close();

      CompletionsClient.Response response = new CompletionsClient(stack.uri()).complete("hi", 1);

      assertThat(response.status()).isEqualTo(200);
      // the event follows the response
      await("the event counted as dropped")
          .atMost(Duration.ofSeconds(5))
          .until(() -> publisher.dropped() == 1);
    }
  }
}

package ai.dynamo.test.examples.e2e;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.E2E;
import static ai.dynamo.test.api.environment.BuiltInService.ETCD;
import static ai.dynamo.test.api.environment.BuiltInService.NATS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceRef;
import ai.dynamo.test.api.environment.ServiceScope;
import ai.dynamo.test.examples.CompletionsClient;
import ai.dynamo.test.examples.CompletionsClient.Response;
import ai.dynamo.test.examples.ServingStack;
import ai.dynamo.test.examples.serving.CompletionEvents;
import ai.dynamo.test.examples.serving.EtcdWorkerDirectory;
import ai.dynamo.test.examples.serving.NatsConnection;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serving system as deployed: workers in their own servers announce themselves in etcd, the
 * frontend's router discovers them there, and every completion is published on NATS.
 */
@Stage({PRE_MERGE, NIGHTLY})
@TestType(E2E)
@Service(ETCD)
@Service(value = NATS, scope = ServiceScope.RUN)
class DiscoveredWorkersTest {

  @ServiceRef("etcd")
  ServiceHandle etcd;

  @ServiceRef("nats")
  ServiceHandle nats;

  private NatsConnection events;
  private ServingStack stack;
  private CompletionsClient client;

  @BeforeEach
  void startStack() {
    try (EtcdWorkerDirectory directory = new EtcdWorkerDirectory(URI.create(etcd.url()))) {
      directory.workers().keySet().forEach(directory::withdraw);
    }
    events = NatsConnection.connect(URI.create(nats.url()));
    stack =
        ServingStack.start(CompletionEvents.publishingTo(events))
            .discoveringWorkersIn(URI.create(etcd.url()))
            .withAnnouncedWorker("gpu-0")
            .withAnnouncedWorker("gpu-1");
    client = new CompletionsClient(stack.uri());
  }

  @AfterEach
  void stopStack() {
    stack.close();
    events.close();
  }

  @Test
  void servesACompletionThroughWorkersFoundInEtcdAndPublishesIt() throws Exception {
    try (NatsConnection listener = NatsConnection.connect(URI.create(nats.url()))) {
      BlockingQueue<NatsConnection.Message> inbox = listener.subscribe(CompletionEvents.SUBJECT);
      await("both workers discovered through etcd")
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.get("/health").body().path("workers").intValue() == 2);

      Response response = client.complete("the quick brown fox", 3);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("fox brown quick");
      assertThat(response.worker()).isIn("gpu-0", "gpu-1");
      NatsConnection.Message event = inbox.poll(5, SECONDS);
      assertThat(event).as("completion event on NATS").isNotNull();
      assertThat(new ObjectMapper().readTree(event.payload()).path("workerId").textValue())
          .isEqualTo(response.worker());
    }
  }

  @Test
  void stopsRoutingToAWorkerThatWithdrewFromEtcd() {
    await("both workers discovered through etcd")
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.get("/health").body().path("workers").intValue() == 2);
    String prompt = "route this prompt to a worker and then route it again";
    String first = client.complete(prompt, 2).worker();
    String other = first.equals("gpu-0") ? "gpu-1" : "gpu-0";

    stack.killRemoteWorker(first);
    try (EtcdWorkerDirectory directory = new EtcdWorkerDirectory(URI.create(etcd.url()))) {
      directory.withdraw(first); // what the expiry of its lease would do
    }
    await("the withdrawn worker leaves the router")
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.get("/health").body().path("workers").intValue() == 1);

    Response response = client.complete(prompt, 2);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.worker()).isEqualTo(other);
    assertThat(response.text()).isEqualTo("again it");
  }
}

package ai.dynamo.test.examples.e2e;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.CONTINUOUS_OPERATION;
import static ai.dynamo.test.api.environment.BuiltInService.ETCD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.examples.CompletionsClient;
import ai.dynamo.test.examples.CompletionsClient.Response;
import ai.dynamo.test.examples.ServingStack;
import ai.dynamo.test.examples.serving.EtcdWorkerDirectory;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * etcd crashes while the system serves: requests keep going to the workers the router already
 * knows, and once etcd is back on the same port (in container mode without its old data) the
 * workers announce themselves again and a worker that started during the outage joins.
 */
@Stage(NIGHTLY)
@TestType(CONTINUOUS_OPERATION)
@Service(ETCD) // class scope: this test kills it, so it must not be shared
class EtcdOutageTest {

  @Test
  void keepsServingThroughAnEtcdCrashAndDiscoversWorkersAfterItsRestart(ServiceHandle etcd) {
    URI endpoint = URI.create(etcd.url());
    try (ServingStack stack =
            ServingStack.start().discoveringWorkersIn(endpoint).withAnnouncedWorker("w1");
        EtcdWorkerDirectory probe = new EtcdWorkerDirectory(endpoint)) {
      CompletionsClient client = new CompletionsClient(stack.uri());
      awaitWorkers(client, 1);
      int port = etcd.port("client");

      etcd.kill();
      assertThat(etcd.isRunning()).isFalse();
      for (int i = 0; i < 5; i++) {
        Response response = client.complete("still serving request " + i, 1);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.worker()).isEqualTo("w1");
      }
      stack.withAnnouncedWorker("w2"); // cannot announce itself yet
      await("announcements failing while etcd is down")
          .atMost(Duration.ofSeconds(10))
          .until(() -> stack.discoveryFailures() >= 2);
      assertThat(client.get("/health").body().path("workers").intValue()).isEqualTo(1);

      etcd.restart();
      assertThat(etcd.port("client")).isEqualTo(port);

      await("w1 and w2 announced again after the restart")
          .atMost(Duration.ofSeconds(15))
          .until(() -> probe.workers().keySet().containsAll(Set.of("w1", "w2")));
      awaitWorkers(client, 2);
      stack.killRemoteWorker("w1");
      probe.withdraw("w1");
      awaitWorkers(client, 1);
      Response response = client.complete("served by the worker that joined late", 2);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.worker()).isEqualTo("w2");
      assertThat(response.text()).isEqualTo("late joined");
    }
  }

  private static void awaitWorkers(CompletionsClient client, int count) {
    await("the router knows " + count + " worker(s)")
        .atMost(Duration.ofSeconds(15))
        .until(() -> client.get("/health").body().path("workers").intValue() == count);
  }
}

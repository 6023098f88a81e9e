package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.environment.BuiltInService.ETCD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceHandle;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workers announce themselves in a real etcd, and the router's registry follows what is there. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Service(ETCD)
class EtcdWorkerDirectoryTest {

  private EtcdWorkerDirectory directory;

  @BeforeEach
  void connect(ServiceHandle etcd) {
    directory = new EtcdWorkerDirectory(URI.create(etcd.url()));
    directory.workers().keySet().forEach(directory::withdraw);
  }

  @AfterEach
  void close() {
    directory.close();
  }

  @Test
  void storesAnnouncementsAsPlainKeysThatOtherEtcdClientsRead(ServiceHandle etcd) throws Exception {
    directory.announce("w1", new InetSocketAddress("127.0.0.1", 7001));

    // Read back with etcd's own gateway, not through the directory.
    String key = Base64.getEncoder().encodeToString("dynamo/workers/w1".getBytes());
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(etcd.url() + "/v3/kv/range"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String value =
        new ObjectMapper().readTree(response.body()).path("kvs").path(0).path("value").asText();
    assertThat(new String(Base64.getDecoder().decode(value))).isEqualTo("127.0.0.1:7001");
  }

  @Test
  void listsTheAnnouncedWorkersUntilTheyWithdraw() {
    directory.announce("w1", new InetSocketAddress("127.0.0.1", 7001));
    directory.announce("w2", new InetSocketAddress("127.0.0.1", 7002));
    directory.announce("w1", new InetSocketAddress("127.0.0.1", 7011));

    assertThat(directory.workers())
        .containsOnlyKeys("w1", "w2")
        .hasEntrySatisfying("w1", address -> assertThat(address.getPort()).isEqualTo(7011));

    directory.withdraw("w1");

    assertThat(directory.workers()).containsOnlyKeys("w2");
  }

  @Test
  void syncsTheRouterToAnnouncedWorkersThatThenServeRequests() {
    try (WorkerServer a = WorkerServer.start(new ReverseModelWorker("a", 4, 64));
        WorkerServer b = WorkerServer.start(new ReverseModelWorker("b", 4, 64))) {
      WorkerRegistry registry = new WorkerRegistry();
      registry.register(new ReverseModelWorker("in-process", 4, 64));
      directory.announce("a", a.address());
      directory.announce("b", b.address());

      directory.sync(registry);
      assertThat(registry.workers()).extracting(Worker::id).containsExactly("a", "b", "in-process");
      assertThat(registry.find("a").orElseThrow().generate(new int[] {1, 2, 3}, 2).tokens())
          .containsExactly(3, 2);

      directory.withdraw("a");
      directory.sync(registry);
      assertThat(registry.workers()).extracting(Worker::id).containsExactly("b", "in-process");
    }
  }

  @Test
  void failsNamingTheEndpointWhenEtcdIsUnreachable() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (EtcdWorkerDirectory nowhere =
        new EtcdWorkerDirectory(URI.create("http://127.0.0.1:" + port))) {
      assertThatThrownBy(nowhere::workers)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("etcd range at http://127.0.0.1:" + port + "/v3/kv/range failed");
    }
  }
}

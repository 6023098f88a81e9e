package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the worker contract over a real loopback TCP connection. Declaring its own stage and type
 * replaces those of {@link WorkerContract}: this is an integration test, gating merges only.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class RemoteWorkerTest extends WorkerContract {

  private final WorkerServer server = WorkerServer.start(new ReverseModelWorker("w", 4, 64));
  private final Worker worker = new RemoteWorker("w", server.address());

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Override
  Worker worker() {
    return worker;
  }

  @Test
  void isUnavailableOnceItsServerIsGone() {
    InetSocketAddress address = server.address();
    server.close();

    assertThatThrownBy(() -> worker.generate(new int[] {1, 2}, 1))
        .isInstanceOf(WorkerUnavailableException.class)
        .hasMessageStartingWith("Worker 'w' at " + address + " is unreachable");
  }

  @Test
  void routerMovesRequestsOffAWorkerThatBecameUnreachable() {
    WorkerRegistry registry = new WorkerRegistry();
    registry.register(worker);
    try (WorkerServer other = WorkerServer.start(new ReverseModelWorker("x", 4, 64))) {
      registry.register(new RemoteWorker("x", other.address()));
      KvRouter router = new KvRouter(registry, 4, 64);
      int[] prompt = {1, 2, 3, 4, 5, 6, 7, 8};
      String owner = router.generate(prompt, 2).workerId();
      String survivor = owner.equals("w") ? "x" : "w";
      (owner.equals("w") ? server : other).close();

      KvRouter.Routed retried = router.generate(prompt, 2);

      assertThat(retried.workerId()).isEqualTo(survivor);
      assertThat(retried.generation().tokens()).containsExactly(8, 7);
      assertThat(registry.workers()).extracting(Worker::id).containsExactly(survivor);
    }
  }
}

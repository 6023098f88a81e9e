package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.PRE_COMMIT;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code @Nested} classes inherit this class's stages and type. */
@Stage({PRE_COMMIT, PRE_MERGE})
@TestType(UNIT)
class KvRouterTest {

  private static final int BLOCK = 4;

  private final WorkerRegistry registry = new WorkerRegistry();
  private final KvRouter router = new KvRouter(registry, BLOCK, 64);
  private final ReverseModelWorker a = new ReverseModelWorker("a", BLOCK, 64);
  private final ReverseModelWorker b = new ReverseModelWorker("b", BLOCK, 64);

  @BeforeEach
  void registerWorkers() {
    registry.register(a);
    registry.register(b);
  }

  /** A prompt of {@code blocks} full blocks whose tokens start at {@code first}. */
  static int[] prompt(int first, int blocks) {
    return IntStream.range(first, first + blocks * BLOCK).toArray();
  }

  @Test
  void sendsAPromptBackToTheWorkerThatCachedItsPrefix() {
    KvRouter.Routed first = router.generate(prompt(100, 3), 4);
    router.generate(prompt(500, 3), 4); // another prompt, to the other worker

    KvRouter.Routed again = router.generate(prompt(100, 5), 4);

    assertThat(again.workerId()).isEqualTo(first.workerId());
    assertThat(again.predictedCachedTokens()).isEqualTo(3 * BLOCK);
    assertThat(again.generation().cachedPromptTokens()).isEqualTo(3 * BLOCK);
  }

  @Test
  void answersWithThePromptReversedUpToTheTokenLimit() {
    Generation generation = router.generate(new int[] {1, 2, 3, 4, 5}, 3).generation();

    assertThat(generation.tokens()).containsExactly(5, 4, 3);
    assertThat(generation.finishReason()).isEqualTo("length");
  }

  @Test
  void rejectsASecondWorkerWithTheSameId() {
    assertThatThrownBy(() -> registry.register(new ReverseModelWorker("a", BLOCK, 64)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'a' is already registered");
  }

  @Nested
  class WhenNoWorkerHoldsThePrefix {

    @Test
    void spreadsNewPromptsOverTheWorkers() {
      String first = router.generate(prompt(100, 2), 4).workerId();
      String second = router.generate(prompt(200, 2), 4).workerId();

      assertThat(second).isNotEqualTo(first);
      assertThat(a.requestsServed()).isEqualTo(1);
      assertThat(b.requestsServed()).isEqualTo(1);
    }

    @Test
    void prefersTheWorkerWithFewerRequestsInFlightOverTheOneWithLessCached() {
      // Shorter than a block: occupies worker "a" without caching anything.
      KvRouter.Decision busy = router.select(new int[] {1, 2}).orElseThrow();
      router.generate(prompt(300, 2), 4); // goes to "b", which now caches 2 blocks

      KvRouter.Decision next = router.select(prompt(900, 1)).orElseThrow();

      assertThat(busy.worker().id()).isEqualTo("a");
      assertThat(next.worker().id()).isEqualTo("b");
      assertThat(next.overlapBlocks()).isZero();
    }
  }

  @Nested
  class WhenAWorkerLeaves {

    @Test
    void routesItsPrefixesToTheWorkersThatRemain() {
      String owner = router.generate(prompt(100, 3), 4).workerId();
      registry.deregister(owner);

      KvRouter.Routed moved = router.generate(prompt(100, 3), 4);

      assertThat(moved.workerId()).isNotEqualTo(owner);
      assertThat(moved.generation().cachedPromptTokens()).isZero();
    }

    @Test
    void failsWithAReasonWhenNoWorkerRemains() {
      registry.deregister("a");
      registry.deregister("b");

      assertThatThrownBy(() -> router.generate(prompt(100, 1), 4))
          .isInstanceOf(WorkerUnavailableException.class)
          .hasMessage("No worker is registered to serve the request");
    }
  }
}

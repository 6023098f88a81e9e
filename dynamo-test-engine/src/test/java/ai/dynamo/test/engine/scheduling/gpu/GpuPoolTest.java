package ai.dynamo.test.engine.scheduling.gpu;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.scheduling.gpu.GpuAdmission.Device;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@Stage(PRE_MERGE)
@TestType(UNIT)
@Feature("gpu-scheduling")
class GpuPoolTest {

  private static final long GIB = 1024L * 1024 * 1024;

  private static GpuPool pool(int gpus, Duration wait) {
    return new GpuPool(
        java.util.stream.IntStream.range(0, gpus).mapToObj(i -> new Device(i, 16 * GIB)).toList(),
        wait);
  }

  @Test
  void aTestNeedingMoreGpusThanTheHostHasFailsAtOnceInsteadOfWaiting() {
    GpuPool pool = pool(2, Duration.ofHours(1));

    assertThatThrownBy(() -> pool.acquire("Big#test()", 4, OptionalLong.empty()))
        .isInstanceOf(GpuUnavailableException.class)
        .hasMessage(
            "Big#test() needs 4 GPUs but the host has 2 GPUs (GPUs 0: 16GiB, 1: 16GiB); it can"
                + " never run here. Run it on a larger host, or lower its @Requires.");
  }

  @Test
  void aWaitThatOutlastsTheConfiguredBoundFailsNamingWhoHoldsTheGpus() {
    GpuPool pool = pool(1, Duration.ofMillis(200));
    try (GpuPool.Lease held = pool.acquire("Holder#run()", 1, OptionalLong.empty())) {
      assertThatThrownBy(() -> pool.acquire("Waiter#run()", 1, OptionalLong.empty()))
          .isInstanceOf(GpuUnavailableException.class)
          .hasMessageStartingWith("Waiter#run() waited PT0.2S for 1 GPU and gave up; held by")
          .hasMessageContaining("Holder#run() (GPUs [0])")
          .hasMessageContaining("dynamo.gpu.wait");
    }
    // The one that gave up left the queue: the GPU is free again for the next test.
    try (GpuPool.Lease next = pool.acquire("Next#run()", 1, OptionalLong.empty())) {
      assertThat(next.allocation().ids()).containsExactly(0);
    }
  }

  @Test
  void aWaitingTestGetsTheGpusOnceTheyAreReleased() throws Exception {
    GpuPool pool = pool(2, Duration.ofMinutes(1));
    GpuPool.Lease first = pool.acquire("First", 2, OptionalLong.empty());
    CompletableFuture<List<Integer>> second =
        CompletableFuture.supplyAsync(
            () -> {
              try (GpuPool.Lease lease = pool.acquire("Second", 2, OptionalLong.empty())) {
                return lease.allocation().ids();
              }
            });
    Thread.sleep(100);
    assertThat(second).isNotDone();
    first.close();
    assertThat(second.get(30, TimeUnit.SECONDS)).containsExactly(0, 1);
  }

  @Test
  void anInvalidWaitNamesTheKeyAndTheForm() {
    assertThatThrownBy(() -> EngineGpuScheduler.maxWait(Optional.of("soon")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid dynamo.gpu.wait=soon: it is not a duration. Write a positive duration such as"
                + " 90s, 45m, 1h30m, 500ms or PT45M.");
    assertThat(EngineGpuScheduler.maxWait(Optional.empty())).isEqualTo(Duration.ofMinutes(30));
  }
}

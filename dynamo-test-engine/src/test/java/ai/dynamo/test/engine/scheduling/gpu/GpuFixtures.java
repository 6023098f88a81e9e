package ai.dynamo.test.engine.scheduling.gpu;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.E2E;

import ai.dynamo.test.api.GpuAllocation;
import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Test classes that hold GPUs for a while and record what they held, when, and which {@code
 * CUDA_VISIBLE_DEVICES} they saw; run in parallel by {@link GpuParallelExecutionTest}.
 */
final class GpuFixtures {

  /** What one test saw. {@code memoryMib} is 0 for whole GPUs. */
  record Held(
      String holder,
      int declared,
      long memoryMib,
      List<Integer> ids,
      String cudaVisibleDevices,
      long start,
      long end) {}

  static final Queue<Held> RECORDS = new ConcurrentLinkedQueue<>();

  static final long HOLD_MILLIS = 150;

  private GpuFixtures() {}

  /** Records the allocation, both as injected and as the thread sees it, around a short hold. */
  static void hold(String holder, int declared, long memoryMib, GpuAllocation injected)
      throws InterruptedException {
    long start = System.nanoTime();
    String seen = GpuAllocation.current().map(GpuAllocation::cudaVisibleDevices).orElse("");
    Thread.sleep(HOLD_MILLIS);
    long end = System.nanoTime();
    RECORDS.add(
        new Held(
            holder,
            declared,
            memoryMib,
            injected == null ? List.of() : injected.ids(),
            seen,
            start,
            end));
  }

  @Stage(NIGHTLY)
  @TestType(E2E)
  static class MethodsWithOneOrTwoGpus {
    @Test
    @Requires(gpus = 1)
    void one1(GpuAllocation gpus) throws InterruptedException {
      hold("one1", 1, 0, gpus);
    }

    @Test
    @Requires(gpus = 1)
    void one2(GpuAllocation gpus) throws InterruptedException {
      hold("one2", 1, 0, gpus);
    }

    @Test
    @Requires(gpus = 1)
    void one3(GpuAllocation gpus) throws InterruptedException {
      hold("one3", 1, 0, gpus);
    }

    @Test
    @Requires(gpus = 1)
    void one4(GpuAllocation gpus) throws InterruptedException {
      hold("one4", 1, 0, gpus);
    }

    @Test
    @Requires(gpus = 2)
    void two1(GpuAllocation gpus) throws InterruptedException {
      hold("two1", 2, 0, gpus);
    }

    @Test
    @Requires(gpus = 2)
    void two2(GpuAllocation gpus) throws InterruptedException {
      hold("two2", 2, 0, gpus);
    }

    @Test
    @Requires(gpus = 2)
    void two3(GpuAllocation gpus) throws InterruptedException {
      hold("two3", 2, 0, gpus);
    }
  }

  /** A class that holds 2 GPUs for all of its tests, which share them. */
  @Stage(NIGHTLY)
  @TestType(E2E)
  @Requires(gpus = 2)
  static class ClassWithTwoGpus {
    @Test
    void first(GpuAllocation gpus) throws InterruptedException {
      hold("ClassWithTwoGpus", 2, 0, gpus);
    }

    @Test
    void second(GpuAllocation gpus) throws InterruptedException {
      hold("ClassWithTwoGpus", 2, 0, gpus);
    }
  }

  /** Tests that declare 6GiB of a GPU each: two fit on a 16GiB GPU, a third does not. */
  @Stage(NIGHTLY)
  @TestType(E2E)
  static class MethodsSharingMemory {
    @Test
    @Requires(gpuMemory = "6GiB")
    void shared1(GpuAllocation gpus) throws InterruptedException {
      hold("shared1", 1, 6 * 1024, gpus);
    }

    @Test
    @Requires(gpuMemory = "6GiB")
    void shared2(GpuAllocation gpus) throws InterruptedException {
      hold("shared2", 1, 6 * 1024, gpus);
    }

    @Test
    @Requires(gpuMemory = "6GiB")
    void shared3(GpuAllocation gpus) throws InterruptedException {
      hold("shared3", 1, 6 * 1024, gpus);
    }

    @Test
    @Requires(gpuMemory = "6GiB")
    void shared4(GpuAllocation gpus) throws InterruptedException {
      hold("shared4", 1, 6 * 1024, gpus);
    }

    @Test
    @Requires(gpuMemory = "6GiB")
    void shared5(GpuAllocation gpus) throws InterruptedException {
      hold("shared5", 1, 6 * 1024, gpus);
    }
  }

  /** Tests without GPUs, which must not wait for any. */
  @Stage(NIGHTLY)
  @TestType(E2E)
  static class MethodsWithoutGpus {
    @Test
    void cpu1() throws InterruptedException {
      hold("cpu1", 0, 0, null);
    }

    @Test
    void cpu2() throws InterruptedException {
      hold("cpu2", 0, 0, null);
    }

    @Test
    void cpu3() throws InterruptedException {
      hold("cpu3", 0, 0, null);
    }
  }
}

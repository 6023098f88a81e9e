package ai.dynamo.test.engine.scheduling.gpu;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.scheduling.gpu.GpuFixtures.Held;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs GPU fixtures in parallel (8 threads) on a fake host of 4 GPUs with 16GiB each and checks,
 * from what each test recorded, that no GPU was over-subscribed and that every test saw exactly the
 * GPUs it held.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("gpu-scheduling")
@Tutorial("docs/scheduling.md#run-gpu-tests-in-parallel")
class GpuParallelExecutionTest {

  private static final int GPUS = 4;
  private static final long GPU_MIB = 16 * 1024;

  @TempDir Path dir;

  @BeforeEach
  void clearRecords() {
    GpuFixtures.RECORDS.clear();
  }

  private String fakeHost() throws IOException {
    Path script = dir.resolve("nvidia-smi");
    StringBuilder body = new StringBuilder("#!/bin/sh\n");
    for (int i = 0; i < GPUS; i++) {
      body.append("echo '").append(i).append(", NVIDIA Fake 16GB, ").append(GPU_MIB).append("'\n");
    }
    Files.writeString(script, body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script.toString();
  }

  private EngineExecutionResults runInParallel(Class<?>... classes) throws IOException {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("dynamo.requirements.nvidia-smi", fakeHost());
    parameters.put("dynamo.history", dir.resolve("history").toString());
    parameters.put("dynamo.summary", "false");
    parameters.put("junit.jupiter.execution.parallel.enabled", "true");
    parameters.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
    parameters.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
    parameters.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
    parameters.put("junit.jupiter.execution.parallel.config.fixed.parallelism", "8");
    parameters.put("dynamo.gpu.wait", "2m");
    return EngineTestKit.engine("dynamo")
        .enableImplicitConfigurationParameters(false)
        .configurationParameters(parameters)
        .selectors(
            java.util.Arrays.stream(classes)
                .map(c -> selectClass(c))
                .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .execute();
  }

  @Test
  void parallelGpuTestsNeverShareAGpuBeyondItsMemoryAndSeeExactlyTheirOwnGpus() throws IOException {
    EngineExecutionResults results =
        runInParallel(
            GpuFixtures.MethodsWithOneOrTwoGpus.class,
            GpuFixtures.ClassWithTwoGpus.class,
            GpuFixtures.MethodsSharingMemory.class,
            GpuFixtures.MethodsWithoutGpus.class);

    results.testEvents().assertStatistics(stats -> stats.started(17).succeeded(17).failed(0));
    List<Held> records = new ArrayList<>(GpuFixtures.RECORDS);
    assertThat(records).hasSize(17);

    for (Held held : records) {
      if (held.declared() == 0) {
        assertThat(held.cudaVisibleDevices()).as(held.holder()).isEmpty();
        continue;
      }
      assertThat(held.ids()).as("GPUs held by " + held.holder()).hasSize(held.declared());
      assertThat(held.ids()).allSatisfy(id -> assertThat(id).isBetween(0, GPUS - 1));
      assertThat(held.cudaVisibleDevices())
          .as("CUDA_VISIBLE_DEVICES seen by " + held.holder())
          .isEqualTo(held.ids().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    // A class holds its GPUs for all of its tests: both saw the same ones.
    assertThat(
            records.stream()
                .filter(h -> h.holder().equals("ClassWithTwoGpus"))
                .map(Held::ids)
                .distinct())
        .hasSize(1);

    List<Held> holds = mergedByHolder(records);
    for (int gpu = 0; gpu < GPUS; gpu++) {
      assertThat(peakMemory(holds, gpu))
          .as("peak memory declared on GPU %d (whole GPUs count as %d MiB)", gpu, GPU_MIB)
          .isLessThanOrEqualTo(GPU_MIB);
    }
    assertThat(peakConcurrentHolders(holds))
        .as("GPU tests ran in parallel at some moment")
        .isGreaterThanOrEqualTo(2);
    assertThat(
            records.stream()
                .filter(h -> h.declared() == 0)
                .anyMatch(cpu -> holds.stream().anyMatch(gpu -> overlap(cpu, gpu))))
        .as("a test without GPUs ran beside a GPU test")
        .isTrue();
  }

  /** One interval per holder: a class's tests share its GPUs, so they count once. */
  private static List<Held> mergedByHolder(List<Held> records) {
    Map<String, Held> merged = new LinkedHashMap<>();
    for (Held held : records) {
      if (held.declared() == 0) {
        continue;
      }
      merged.merge(
          held.holder(),
          held,
          (a, b) ->
              new Held(
                  a.holder(),
                  a.declared(),
                  a.memoryMib(),
                  a.ids(),
                  a.cudaVisibleDevices(),
                  Math.min(a.start(), b.start()),
                  Math.max(a.end(), b.end())));
    }
    return new ArrayList<>(merged.values());
  }

  /** The most memory declared on {@code gpu} at any instant, whole GPUs counting as all of it. */
  private static long peakMemory(List<Held> holds, int gpu) {
    long peak = 0;
    for (Held at : holds) {
      long sum = 0;
      for (Held other : holds) {
        if (other.ids().contains(gpu) && other.start() <= at.start() && at.start() < other.end()) {
          sum += other.memoryMib() == 0 ? GPU_MIB : other.memoryMib();
        }
      }
      peak = Math.max(peak, sum);
    }
    return peak;
  }

  private static int peakConcurrentHolders(List<Held> holds) {
    int peak = 0;
    for (Held at : holds) {
      int count = 0;
      for (Held other : holds) {
        if (other.start() <= at.start() && at.start() < other.end()) {
          count++;
        }
      }
      peak = Math.max(peak, count);
    }
    return peak;
  }

  private static boolean overlap(Held a, Held b) {
    return a.start() < b.end() && b.start() < a.end();
  }
}

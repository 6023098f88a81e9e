package ai.dynamo.test.examples.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.examples.CompletionsClient;
import ai.dynamo.test.examples.GpuNightlyE2E;
import ai.dynamo.test.examples.ServingStack;
import ai.dynamo.test.examples.serving.ReverseModelWorker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One worker per GPU behind one frontend. {@link GpuNightlyE2E @GpuNightlyE2E} makes it a nightly
 * end-to-end test that needs two GPUs of 40GiB each: on a host with fewer it is skipped with a
 * reason such as {@code requires 2 GPUs with 40GiB each: found nvidia-smi not found on PATH}, or
 * fails under {@code -Ddynamo.requirements.missing=fail}.
 *
 * <p>The example's model is a stand-in that does not compute on the GPU; the test lists the GPUs
 * with {@code nvidia-smi}, the way a real deployment pins one worker to each.
 */
@GpuNightlyE2E
class MultiGpuServingTest {

  @Test
  void spreadsDistinctPromptsOverOneWorkerPerGpu() throws Exception {
    List<String> gpus = gpuIndexes();
    try (ServingStack stack = ServingStack.start()) {
      gpus.forEach(index -> stack.withLocalWorker("gpu-" + index));
      CompletionsClient client = new CompletionsClient(stack.uri());

      for (int i = 0; i < 2 * gpus.size(); i++) {
        assertThat(client.complete("independent request number " + i, 4).status()).isEqualTo(200);
      }

      assertThat(stack.workers()).allMatch(worker -> worker.requestsServed() == 2);
      assertThat(stack.workers()).extracting(ReverseModelWorker::id).hasSize(gpus.size());
    }
  }

  private static List<String> gpuIndexes() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("nvidia-smi", "--query-gpu=index", "--format=csv,noheader").start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("nvidia-smi finished").isTrue();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .toList();
  }
}

package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.GpuAllocation;
import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceRecipe;
import ai.dynamo.test.api.environment.ServiceScope;
import org.junit.jupiter.api.Test;

/**
 * Services started for tests that hold GPUs: each prints the {@code CUDA_VISIBLE_DEVICES} it got,
 * and each test leaves its allocation in {@link ServiceFixtures#SEEN}.
 */
final class GpuServiceFixtures {

  private GpuServiceFixtures() {}

  /** Prints its CUDA_VISIBLE_DEVICES (empty when unset) and sleeps. */
  public static class PrintsItsGpusRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("prints-gpus")
          .withPorts("main")
          .withExecutable(
              "sh", "-c", "echo \"visible=[${CUDA_VISIBLE_DEVICES:-}] ready\"; exec sleep 600")
          .waitingFor(Readiness.logLine("visible=\\[.*\\] ready"));
    }
  }

  /** The class holds 2 GPUs; its class-scoped service gets them. */
  @Requires(gpus = 2)
  @Service(name = "prints-gpus", recipe = PrintsItsGpusRecipe.class)
  static class ClassHoldsTwoGpus {
    @Test
    void runs(GpuAllocation gpus) {
      ServiceFixtures.SEEN.put("class", gpus.cudaVisibleDevices());
    }
  }

  /** The method holds 1 GPU; its method-scoped service gets it. */
  @Service(name = "prints-gpus", recipe = PrintsItsGpusRecipe.class, scope = ServiceScope.METHOD)
  static class MethodHoldsOneGpu {
    @Test
    @Requires(gpus = 1)
    void runs(GpuAllocation gpus) {
      ServiceFixtures.SEEN.put("method", gpus.cudaVisibleDevices());
    }
  }

  /** No GPUs: the service gets no CUDA_VISIBLE_DEVICES. */
  @Service(name = "prints-gpus", recipe = PrintsItsGpusRecipe.class)
  static class HoldsNoGpu {
    @Test
    void runs() {}
  }
}

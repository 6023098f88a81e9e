package ai.dynamo.test.engine.requirements;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.labels.MemorySize;
import org.apiguardian.api.API;

/**
 * One GPU of the host, as {@code nvidia-smi} lists it.
 *
 * @param index the index {@code CUDA_VISIBLE_DEVICES} uses
 * @param name the model, {@code NVIDIA H100 80GB HBM3}
 * @param memory the total memory
 */
@API(status = INTERNAL, since = "0.1")
public record Gpu(int index, String name, MemorySize memory) {

  @Override
  public String toString() {
    return name + ", " + memory;
  }
}

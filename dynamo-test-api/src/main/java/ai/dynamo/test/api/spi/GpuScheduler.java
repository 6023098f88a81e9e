package ai.dynamo.test.api.spi;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.GpuAllocation;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands out the host's GPUs to tests that declare {@link
 * ai.dynamo.test.api.Requires#gpus() @Requires(gpus = ...)}, so that tests run in parallel never
 * hold the same GPU. Implemented by {@code dynamo-test-engine} and found through {@link
 * java.util.ServiceLoader}; test authors never use it.
 */
@API(status = INTERNAL, since = "0.1")
public interface GpuScheduler {

  /**
   * The GPUs held for {@code context}: taken from the pool (waiting until they are free) when the
   * context's own element declares GPUs and holds none yet, else those its nearest enclosing
   * context holds. Taking is idempotent per context, and the GPUs go back to the pool when the
   * context ends.
   *
   * @return the allocation, or empty when neither the context nor an enclosing one needs GPUs
   * @throws RuntimeException when the GPUs cannot be had within the configured wait
   */
  Optional<GpuAllocation> allocationFor(ExtensionContext context);
}

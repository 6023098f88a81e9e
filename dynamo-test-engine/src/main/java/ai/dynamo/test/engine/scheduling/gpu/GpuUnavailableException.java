package ai.dynamo.test.engine.scheduling.gpu;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A test could not get the GPUs it declares: the host could never give them, or they did not become
 * free within {@link ai.dynamo.test.engine.Constants#GPU_WAIT}. The test fails with this message.
 */
@API(status = INTERNAL, since = "0.1")
public final class GpuUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  GpuUnavailableException(String message) {
    super(message);
  }
}

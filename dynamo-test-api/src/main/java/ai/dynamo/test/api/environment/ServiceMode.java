package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How a service runs. Chosen for a run with {@code dynamo.env.mode=local|container|auto}; a handle
 * tells which one it got through {@link ServiceHandle#mode()}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum ServiceMode {
  /** A process on this host, started from an executable on the {@code PATH}. */
  LOCAL,
  /** A container started through Testcontainers from a local image. */
  CONTAINER,
  /**
   * An endpoint that already exists, named by an environment variable such as {@code NATS_SERVER}:
   * nothing is started, and control operations are not available.
   */
  EXTERNAL
}

package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What a test needs of the host it runs on. A test names its needs with {@link Requires @Requires};
 * the engine probes each capability once per run and skips (or fails) the tests whose needs the
 * host does not meet.
 */
@API(status = STABLE, since = "0.1")
public enum Capability {
  /** At least one NVIDIA GPU, as listed by {@code nvidia-smi}. */
  GPU,
  /** A Docker engine that answers a ping on its socket. */
  DOCKER,
  /** A Kubernetes cluster reachable through the current {@code kubectl} context. */
  KUBERNETES,
  /** A network interface other than loopback that is up. */
  NETWORK,
  /** The operating system is Linux. */
  LINUX,
  /** The operating system is macOS. */
  MACOS,
  /** The operating system is Windows. */
  WINDOWS
}

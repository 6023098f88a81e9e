package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A running service, injected into tests as a parameter or a field (see {@link ServiceRef}).
 *
 * <pre>{@code
 * @Test
 * void reconnectsAfterACrash(ServiceHandle nats) {
 *   Client client = Client.connect(nats.url());
 *   nats.kill();     // SIGKILL to every process of the service, or kill the container
 *   nats.restart();  // same ports, waits until ready again
 *   assertThat(client.awaitReconnect()).isTrue();
 * }
 * }</pre>
 *
 * <p>Control operations wait until they are done: {@link #restart()} returns when the service is
 * ready again. They are not available for an {@link ServiceMode#EXTERNAL external} endpoint, and
 * should not be used on a run-scoped service that other classes share.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ServiceHandle {

  /** The service's name: {@code nats}, {@code etcd}, or the declared one. */
  String name();

  /** How the service runs. */
  ServiceMode mode();

  /** The host a client connects to, such as {@code 127.0.0.1}. */
  String host();

  /** The first declared port, as reached from the test. */
  int port();

  /**
   * The port called {@code name}, as reached from the test.
   *
   * @throws IllegalArgumentException naming the declared ports when there is no such port
   */
  int port(String name);

  /** Every port by name. */
  Map<String, Integer> ports();

  /** The URL a client uses, such as {@code nats://127.0.0.1:40123}. */
  String url();

  /** The file that receives the service's stdout and stderr (for external ones: none exists). */
  Path logFile();

  /** Whether the process or container is running (and not merely paused). */
  boolean isRunning();

  /**
   * Stops the service: SIGTERM to its processes (its process group on Linux, the process and its
   * descendants elsewhere), a grace period, then SIGKILL.
   */
  void stop();

  /** Kills the service at once: SIGKILL to every process of the service, or kill the container. */
  void kill();

  /** Stops the service if it runs, starts it again on the same ports, and waits until ready. */
  void restart();

  /**
   * Freezes the service (SIGSTOP to its processes, or container pause) until {@link #resume()}.
   * Returns once the service is frozen, where the host shows it ({@code /proc} on Linux).
   *
   * @throws UnsupportedOperationException for a local service on Windows, which has no {@code kill}
   *     command to send SIGSTOP
   */
  void pause();

  /** Lets a paused service run again. */
  void resume();
}

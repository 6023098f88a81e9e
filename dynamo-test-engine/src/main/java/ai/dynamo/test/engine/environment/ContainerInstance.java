package ai.dynamo.test.engine.environment;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * A service run as a container through Testcontainers. The image must be present locally (it is
 * never pulled: no registry is assumed). The container carries the owner label for {@link Reaper},
 * its output goes to the service log, and readiness is awaited by {@link ReadinessWaiter} like for
 * processes, so Testcontainers' own start-up and wait strategies do nothing.
 */
final class ContainerInstance implements Instance {

  private final GenericContainer<?> container;
  private final String containerId;

  private ContainerInstance(GenericContainer<?> container) {
    this.container = container;
    this.containerId = container.getContainerId();
  }

  static boolean imagePresent(String image) {
    try {
      client().inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Whether the engine has Docker's default network {@code bridge} (not with --bridge=none). */
  static boolean hasDefaultBridge() {
    return networkExists("bridge");
  }

  /** Whether the engine has a network of this name (Docker's own or a user-defined one). */
  static boolean networkExists(String name) {
    return client().listNetworksCmd().exec().stream()
        .anyMatch(network -> name.equals(network.getName()));
  }

  /**
   * The host at which published ports are reached: Testcontainers' view of the Docker host ({@code
   * TESTCONTAINERS_HOST_OVERRIDE} where it is set).
   */
  static String dockerHost() {
    return DockerClientFactory.instance().dockerHostIpAddress();
  }

  static DockerClient client() {
    return DockerClientFactory.instance().client();
  }

  @SuppressWarnings("resource") // closed by stop() and kill()
  static ContainerInstance start(
      String image,
      List<String> command,
      Map<String, String> environment,
      List<Integer> ports,
      EnvironmentSettings.Network network,
      ServiceLog log,
      String service) {
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(image))
            .withImagePullPolicy(name -> false)
            .withCommand(command.toArray(String[]::new))
            .withEnv(environment)
            .withLabel(Ownership.OWNER_LABEL, Ownership.current())
            .withLabel(Ownership.SERVICE_LABEL, service)
            .withStartupCheckStrategy(new NoStartupCheck())
            .waitingFor(new NoWait())
            .withLogConsumer(
                (OutputFrame frame) -> {
                  if (frame.getBytes() != null) {
                    log.append(frame.getUtf8String().getBytes(StandardCharsets.UTF_8));
                  }
                });
    if (network.isHost()) {
      container.withNetworkMode("host");
    } else {
      if (network.isUserDefined()) {
        container.withNetworkMode(network.name());
      }
      // The same number inside and outside, so a restart keeps the ports and URLs of the test.
      container.setPortBindings(ports.stream().map(port -> port + ":" + port).toList());
    }
    container.start();
    return new ContainerInstance(container);
  }

  String containerId() {
    return containerId;
  }

  private InspectContainerResponse.ContainerState state() {
    try {
      return client().inspectContainerCmd(containerId).exec().getState();
    } catch (NotFoundException e) {
      return null;
    }
  }

  @Override
  public boolean isAlive() {
    InspectContainerResponse.ContainerState state = state();
    return state != null && Boolean.TRUE.equals(state.getRunning());
  }

  @Override
  public OptionalInt exitCode() {
    InspectContainerResponse.ContainerState state = state();
    if (state == null
        || Boolean.TRUE.equals(state.getRunning())
        || state.getExitCodeLong() == null) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(state.getExitCodeLong().intValue());
  }

  @Override
  public void stop(Duration grace) {
    Instance.uninterrupted(
        () -> {
          try {
            if (isAlive()) {
              resume();
              client()
                  .stopContainerCmd(containerId)
                  .withTimeout((int) Math.max(1, grace.toSeconds()))
                  .exec();
            }
          } catch (RuntimeException e) {
            // already gone or not stoppable: removing it below is what matters
          } finally {
            remove();
          }
        });
  }

  @Override
  public void kill() {
    Instance.uninterrupted(
        () -> {
          try {
            if (isAlive()) {
              resume();
              client().killContainerCmd(containerId).withSignal("KILL").exec();
            }
          } catch (RuntimeException e) {
            // already gone
          } finally {
            remove();
          }
        });
  }

  private void remove() {
    try {
      container.stop();
    } catch (RuntimeException e) {
      try {
        client().removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException gone) {
        // removed
      }
    }
  }

  @Override
  public void pause() {
    client().pauseContainerCmd(containerId).exec();
  }

  @Override
  public void resume() {
    InspectContainerResponse.ContainerState state = state();
    if (state != null && Boolean.TRUE.equals(state.getPaused())) {
      client().unpauseContainerCmd(containerId).exec();
    }
  }

  @Override
  public String describe() {
    return "container " + containerId.substring(0, Math.min(12, containerId.length()));
  }

  /** Readiness is ours: Testcontainers only has to create and start the container. */
  private static final class NoWait extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {}
  }

  private static final class NoStartupCheck extends StartupCheckStrategy {
    @Override
    public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
      return StartupStatus.SUCCESSFUL;
    }
  }
}

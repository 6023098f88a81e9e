package ai.dynamo.test.engine.requirements;

import org.testcontainers.DockerClientFactory;

/**
 * Testcontainers' own detection of a Docker engine, which knows {@code DOCKER_HOST}, Docker
 * Desktop, rootless Docker and Docker contexts. In a class of its own so that Testcontainers is
 * loaded only when this is called: a run that never needs Docker never touches it.
 */
final class TestcontainersDocker {

  private TestcontainersDocker() {}

  /** Whether Testcontainers finds a Docker engine; false rather than an exception. */
  static boolean available() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}

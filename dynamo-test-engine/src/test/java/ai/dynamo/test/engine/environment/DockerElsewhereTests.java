package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Capability.DOCKER;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.requirements.HostProbe;
import ai.dynamo.test.engine.requirements.RequirementsCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Docker engine whose socket is not at {@code /var/run/docker.sock}, as with Docker Desktop,
 * rootless Docker or a Docker context: named by {@code DOCKER_HOST}, here a link to the real socket
 * in a directory of the test's. The requirement check finds it, and container mode runs in it.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Requires(DOCKER)
class DockerElsewhereTests {

  private static final Path SOCKET = Path.of("/var/run/docker.sock");

  @TempDir Path dir;

  private Path linkToTheSocketIn(String directory) throws Exception {
    Path link = dir.resolve(directory).resolve("docker.sock");
    Files.createDirectories(link.getParent());
    return Files.createSymbolicLink(link, SOCKET);
  }

  private static Optional<String> dockerMissing(Map<String, String> environment) {
    HostProbe host =
        HostProbe.of(
            DynamoConfiguration.from(key -> Optional.empty()),
            environment,
            () -> false); // only the ping may find it
    return new RequirementsCheck(host).dockerMissing();
  }

  @Test
  void theRequirementCheckFindsTheEngineThatDockerHostNames() throws Exception {
    Path link = linkToTheSocketIn("rootless");

    assertThat(dockerMissing(Map.of("DOCKER_HOST", "unix://" + link))).isEmpty();
  }

  @Test
  void theRequirementCheckFindsAnEngineWhosePathHasSpaces() throws Exception {
    Path link = linkToTheSocketIn("Application Support/docker run");

    assertThat(dockerMissing(Map.of("DOCKER_HOST", "unix://" + link))).isEmpty();
  }

  @Test
  void containerModeRunsInTheEngineThatDockerHostNames() throws Exception {
    Path link = linkToTheSocketIn("desktop");
    Map<String, String> report = runForked(link);

    assertThat(report)
        .containsEntry("result", "1 succeeded 0 failed")
        .containsEntry("docker-host", "unix://" + link)
        .containsEntry("mode", "CONTAINER")
        .containsEntry("nats", "true");
  }

  /** Runs the fixture in a JVM whose {@code DOCKER_HOST} names {@code socket}. */
  private Map<String, String> runForked(Path socket) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dfixture.report=" + dir.resolve("report"),
                ForkedServiceRun.class.getName(),
                ForkedServiceRun.ReportsTheDockerEngineItUses.class.getName(),
                "container",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("fork.log").toFile());
    builder.environment().put("DOCKER_HOST", "unix://" + socket);
    builder.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
    Process jvm = builder.start();
    if (!jvm.waitFor(Duration.ofSeconds(120).toSeconds(), TimeUnit.SECONDS)) {
      jvm.destroyForcibly();
    }
    Map<String, String> report = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("report"))) {
      int eq = line.indexOf('=');
      report.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return report;
  }
}

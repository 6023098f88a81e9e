package ai.dynamo.test.engine.requirements;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One Docker check for {@code @Requires(DOCKER)} and container mode: a fast ping of the engine's
 * socket, then, before Docker is declared missing, Testcontainers' own detection; asked lazily and
 * answered once per run's host probe.
 */
@Stage(PRE_MERGE)
@TestType(UNIT)
class DockerCheckTests {

  private static final String NO_SOCKET = "unix:///nonexistent/dynamo/docker.sock";

  private final AtomicInteger testcontainersAsked = new AtomicInteger();

  @Test
  void dockerThatOnlyTestcontainersFindsCountsAsPresent() {
    HostProbe host = host(Map.of(), true);

    Probe<Boolean> docker = host.docker();

    assertThat(docker.value()).isTrue();
    assertThat(docker.found())
        .startsWith("a Docker engine that Testcontainers' detection found (")
        .contains("no Docker engine answered at " + NO_SOCKET);
    assertThat(new RequirementsCheck(host).dockerMissing()).isEmpty();
  }

  @Test
  void theReasonForMissingDockerNamesEverythingThatWasTried() {
    HostProbe host = host(Map.of(), false);

    assertThat(new RequirementsCheck(host).dockerMissing())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("requires Docker: no Docker engine answered at " + NO_SOCKET)
                    .endsWith(
                        ", and Testcontainers' detection (DOCKER_HOST, Docker Desktop, rootless"
                            + " Docker, Docker contexts) found none either"));
  }

  @Test
  void anEngineNamedInTheConfigurationIsTheOnlyOneAsked() {
    HostProbe host = host(Map.of(Constants.DOCKER_HOST, NO_SOCKET), true);

    assertThat(new RequirementsCheck(host).dockerMissing())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .endsWith(
                        "; Testcontainers' detection was not tried, as "
                            + Constants.DOCKER_HOST
                            + " names the engine"));
    assertThat(testcontainersAsked).hasValue(0);
  }

  @Test
  void dockerIsCheckedOncePerHostProbeAndOnlyWhenAsked() {
    HostProbe host = host(Map.of(), false);
    host.command("sh");
    assertThat(testcontainersAsked).as("before anything asks for Docker").hasValue(0);

    host.docker();
    new RequirementsCheck(host).dockerMissing();
    host.docker();

    assertThat(testcontainersAsked).hasValue(1);
  }

  private HostProbe host(Map<String, String> configuration, boolean testcontainersFindsDocker) {
    return HostProbe.of(
        DynamoConfiguration.from(key -> Optional.ofNullable(configuration.get(key))),
        Map.of("DOCKER_HOST", NO_SOCKET, "PATH", "/usr/bin:/bin"),
        () -> {
          testcontainersAsked.incrementAndGet();
          return testcontainersFindsDocker;
        });
  }
}

package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceRecipe;
import ai.dynamo.test.api.environment.ServiceScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Run-scoped services are shared by equal definitions, compared field by field: two recipe classes
 * that define the same service, declared by different test classes, share one start; definitions
 * that differ in any field do not.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class RunScopedSharingTests {

  @TempDir Path directory;

  @Test
  void twoRecipesThatDefineTheSameServiceShareOneStart() {
    EnvironmentTestKit kit = new EnvironmentTestKit(directory, "local");

    EnvironmentTestKit.assertAllSucceeded(
        kit.run(DeclaresEcho.class, DeclaresTheSameEcho.class), 2);

    assertThat(kit.starts("echo")).isEqualTo(1);
    assertThat(ServiceFixtures.SEEN.get("echo ports").toString().split(" "))
        .hasSize(2)
        .containsOnly(ServiceFixtures.SEEN.get("echo ports").toString().split(" ")[0]);
  }

  @Test
  void definitionsThatDifferInOneArgumentStartTwice() {
    EnvironmentTestKit kit = new EnvironmentTestKit(directory, "local");

    EnvironmentTestKit.assertAllSucceeded(
        kit.run(DeclaresEcho.class, DeclaresALouderEcho.class), 2);

    assertThat(kit.starts("echo")).isEqualTo(2);
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        change("name", d -> d.renamed("other")),
        change("ports", d -> d.withPorts("extra")),
        change("executable", d -> d.withExecutable("bash", "-c", "echo ready; exec sleep 600")),
        change("arguments", d -> d.withExecutable("sh", "-c", "echo READY; exec sleep 600")),
        change("environment", d -> d.withEnv("LEVEL", "2")),
        change("working directory", d -> d.withWorkingDirectory("/tmp")),
        change("install hint", d -> d.withInstallHint("apt-get install dash")),
        change("image", d -> d.withImage("example/echo:other")),
        change("container command", d -> d.withContainerCommand("other")),
        change("container environment", d -> d.withContainerEnv("LEVEL", "2")),
        change("url", d -> d.withUrl("tcp://${host}:${port}")),
        change("readiness", d -> d.waitingFor(Readiness.logLine("^READY$"))),
        change("start timeout", d -> d.withStartTimeout(Duration.ofSeconds(7))),
        change("endpoint variable", d -> d.withEndpointVariable("OTHER_ECHO")));
  }

  private static Arguments change(String field, UnaryOperator<ServiceDefinition> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void definitionsThatDifferInAnyFieldAreNotEqual(
      String field, UnaryOperator<ServiceDefinition> change) {
    assertThat(echo()).isEqualTo(echo()).hasSameHashCodeAs(echo());
    assertThat(change.apply(echo())).as(field).isNotEqualTo(echo());
  }

  @Test
  void readinessChecksAreValues() {
    assertThat(Readiness.http("client", "/health", "ok"))
        .isEqualTo(Readiness.http("client", "health", "ok"))
        .isNotEqualTo(Readiness.http("client", "/health"));
    assertThat(Readiness.logLine("ready")).isEqualTo(Readiness.logLine("ready"));
    assertThat(Readiness.tcpPort("a")).isNotEqualTo(Readiness.tcpPort("b"));
    assertThat(Map.of(Readiness.tcpPort("a"), 1)).containsKey(Readiness.tcpPort("a"));
  }

  private static ServiceDefinition echo() {
    return ServiceDefinition.named("echo")
        .withPorts("main")
        .withExecutable("sh", "-c", "echo ready; exec sleep 600")
        .withEnv("LEVEL", "1")
        .withImage("example/echo:local")
        .withContainerCommand("echo")
        .withContainerEnv("LEVEL", "1")
        .withUrl("echo://${host}:${port}")
        .waitingFor(Readiness.logLine("^ready$"))
        .withStartTimeout(Duration.ofSeconds(20))
        .withEndpointVariable("ECHO_ENDPOINT");
  }

  public static class EchoRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return echo();
    }
  }

  /** Another class, with another name, whose definition is equal to {@link EchoRecipe}'s. */
  public static class SameEchoRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return echo();
    }
  }

  public static class LouderEchoRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return echo().withExecutable("sh", "-c", "echo ready; echo LOUD; exec sleep 600");
    }
  }

  @Service(recipe = EchoRecipe.class, scope = ServiceScope.RUN)
  static class DeclaresEcho {
    @Test
    void uses(ServiceHandle echo) {
      ServiceFixtures.SEEN.merge("echo ports", "" + echo.port(), (a, b) -> a + " " + b);
    }
  }

  @Service(recipe = SameEchoRecipe.class, scope = ServiceScope.RUN)
  static class DeclaresTheSameEcho {
    @Test
    void uses(ServiceHandle echo) {
      ServiceFixtures.SEEN.merge("echo ports", "" + echo.port(), (a, b) -> a + " " + b);
    }
  }

  @Service(recipe = LouderEchoRecipe.class, scope = ServiceScope.RUN)
  static class DeclaresALouderEcho {
    @Test
    void uses(ServiceHandle echo) {
      assertThat(echo.isRunning()).isTrue();
    }
  }
}

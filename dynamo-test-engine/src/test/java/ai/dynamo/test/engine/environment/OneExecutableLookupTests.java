package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceRecipe;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.requirements.HostProbe;
import ai.dynamo.test.engine.requirements.RequirementsCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Requires(commands = ...)} and a {@code @Service}'s local executable are looked up by the
 * same lookup, on the same {@code PATH}: the run's host's. The test gives the host a {@code PATH}
 * of its own rather than changing the JVM's environment.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class OneExecutableLookupTests {

  private static final String COMMAND = "dynamo-fake-server";

  @TempDir Path directory;

  @Test
  void requiresAndAServiceFindTheSameExecutableOnTheGivenPath() throws IOException {
    Path bin = Files.createDirectories(directory.resolve("bin"));
    Path script = bin.resolve(COMMAND);
    Files.writeString(script, "#!/bin/sh\necho \"ready from $0\"\nexec sleep 600\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    HostProbe host = host(bin.toString());

    assertThat(new RequirementsCheck(host).unmet(requiresTheCommand())).isEmpty();
    assertThat(host.executables().find(COMMAND)).contains(script);
    try (ServiceRuntime runtime = ServiceRuntime.create(settings(), host, starts -> {})) {
      ServiceHandle handle =
          runtime.start(declaration(), new FakeServerRecipe().define(), "lookup", Map.of());
      try {
        assertThat(Files.readString(handle.logFile())).contains("ready from " + script);
      } finally {
        ((RunningService) handle).close();
      }
    }
  }

  @Test
  void requiresAndAServiceMissTheSameExecutableAndSayWhereTheyLooked() {
    Path empty = directory.resolve("empty");
    HostProbe host = host(empty.toString());

    assertThat(new RequirementsCheck(host).unmet(requiresTheCommand()))
        .containsExactly("requires command '" + COMMAND + "': not found on PATH");
    try (ServiceRuntime runtime = ServiceRuntime.create(settings(), host, starts -> {})) {
      assertThatThrownBy(
              () ->
                  runtime.start(declaration(), new FakeServerRecipe().define(), "lookup", Map.of()))
          .isInstanceOf(ServiceStartException.class)
          .hasMessageContaining(
              "needs the executable '"
                  + COMMAND
                  + "', which was not found (searched "
                  + host.executables().searched(COMMAND)
                  + ")")
          .hasMessageContaining("searched " + empty + ":");
    }
  }

  private static HostProbe host(String path) {
    return HostProbe.of(
        DynamoConfiguration.from(key -> Optional.empty()),
        Map.of("PATH", path),
        () -> {
          throw new AssertionError("a local run must not ask Testcontainers about Docker");
        });
  }

  private EnvironmentSettings settings() {
    Map<String, String> parameters =
        Map.of(
            Constants.ENV_LOGS, directory.resolve("logs").toString(),
            Constants.ENV_STATE, directory.resolve("state").toString(),
            Constants.ENV_STOP_GRACE, "2s");
    return EnvironmentSettings.from(key -> Optional.ofNullable(parameters.get(key)));
  }

  private static ai.dynamo.test.engine.labels.RequirementSpec requiresTheCommand() {
    return LabelResolver.requirementsAt(RequiresTheFakeServer.class, "RequiresTheFakeServer");
  }

  private static Service declaration() {
    return RequiresTheFakeServer.class.getAnnotation(Service.class);
  }

  public static class FakeServerRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("fake")
          .withPorts("main")
          .withExecutable(COMMAND)
          .waitingFor(Readiness.logLine("^ready from "));
    }
  }

  @Requires(commands = COMMAND)
  @Service(recipe = FakeServerRecipe.class)
  static class RequiresTheFakeServer {}
}

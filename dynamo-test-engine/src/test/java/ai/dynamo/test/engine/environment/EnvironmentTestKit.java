package ai.dynamo.test.engine.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.DynamoTestEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs service fixtures through the {@code dynamo} engine with their logs and state in a directory
 * of the test's, and reads what the run left there.
 */
final class EnvironmentTestKit {

  private final Path directory;
  private final Map<String, String> parameters = new HashMap<>();

  EnvironmentTestKit(Path directory, String mode) {
    this.directory = directory;
    parameters.put(Constants.ENV_MODE, mode);
    parameters.put(Constants.ENV_CONTAINER_NETWORK, "host");
    parameters.put(Constants.ENV_LOGS, logs().toString());
    parameters.put(Constants.ENV_STATE, directory.resolve("state").toString());
    parameters.put(Constants.ENV_STOP_GRACE, "2s");
    parameters.put(Constants.ENV_START_TIMEOUT, "30s");
  }

  EnvironmentTestKit with(String key, String value) {
    parameters.put(key, value);
    return this;
  }

  /** Leaves {@code key} unset, so the engine's default applies. */
  EnvironmentTestKit without(String key) {
    parameters.remove(key);
    return this;
  }

  Path logs() {
    return directory.resolve("logs");
  }

  Path state() {
    return directory.resolve("state");
  }

  EngineExecutionResults run(Class<?>... classes) {
    ServiceFixtures.SEEN.clear();
    return EngineTestKit.engine(DynamoTestEngine.ENGINE_ID)
        .selectors(
            Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        .configurationParameters(parameters)
        .execute();
  }

  /**
   * Runs {@code classes} through a real Launcher, as Surefire does, so that every listener
   * registered through {@code ServiceLoader} takes part: the reports and the history are written.
   */
  org.junit.platform.launcher.listeners.TestExecutionSummary launch(Class<?>... classes) {
    ServiceFixtures.SEEN.clear();
    org.junit.platform.launcher.listeners.SummaryGeneratingListener summary =
        new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
    org.junit.platform.launcher.core.LauncherFactory.create()
        .execute(
            org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
                .configurationParameters(parameters)
                .enableImplicitConfigurationParameters(false)
                .build(),
            summary);
    return summary.getSummary();
  }

  /**
   * Asserts that exactly {@code count} tests passed and none failed; a failure shows each failed
   * test with its stack trace, so a flaky start is diagnosable from the CI log alone.
   */
  static void assertAllSucceeded(EngineExecutionResults results, int count) {
    assertThat(results.testEvents().failed().stream().map(EnvironmentTestKit::describe))
        .as("failed tests")
        .isEmpty();
    results.testEvents().assertStatistics(stats -> stats.succeeded(count).failed(0));
  }

  private static String describe(Event event) {
    StringWriter trace = new StringWriter();
    event
        .getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .ifPresent(t -> t.printStackTrace(new PrintWriter(trace)));
    return event.getTestDescriptor().getDisplayName() + ": " + trace;
  }

  /** The log files of the run, by name. */
  List<Path> logFiles() {
    if (!Files.isDirectory(logs())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(logs())) {
      return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many times services were started in the run: the start markers in all logs. */
  long starts(String service) {
    long starts = 0;
    for (Path log : logFiles()) {
      try {
        starts +=
            Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(ServiceLog.START_MARKER + service + " "))
                .count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return starts;
  }

  /** The containers any run of this JVM started that still exist. */
  static long ownContainers() {
    return ContainerInstance.client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Ownership.OWNER_LABEL, Ownership.current()))
        .exec()
        .size();
  }

  /** The processes of this JVM's making that still run: service groups are children of it. */
  static List<ProcessHandle> serviceProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(
                        line ->
                            line.contains("nats-server")
                                || line.contains("etcd")
                                || line.contains("sleep 60"))
                    .orElse(false))
        .toList();
  }
}

package ai.dynamo.test.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs fixture classes through the {@code dynamo} engine and reads what happened. */
final class EngineTestSupport {

  private EngineTestSupport() {}

  static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
    return EngineTestKit.engine(DynamoTestEngine.ENGINE_ID)
        .selectors(
            Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        .configurationParameters(parameters)
        .execute();
  }

  /**
   * Runs {@code classes} as a build tool's fork does, in one launcher session: first its scan
   * discovers each of {@code scanned} alone, with the {@code scan} parameters, then the run
   * executes {@code classes} with {@code parameters}. Returns the error that failed the run's
   * {@code dynamo} root, if any.
   */
  static Optional<Throwable> runInOneSession(
      Map<String, String> scan,
      List<Class<?>> scanned,
      Map<String, String> parameters,
      Class<?>... classes) {
    List<Throwable> failures = new ArrayList<>();
    try (LauncherSession session = LauncherFactory.openSession()) {
      for (Class<?> c : scanned) {
        session.getLauncher().discover(request(scan, c));
      }
      session
          .getLauncher()
          .execute(
              request(parameters, classes),
              new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                  if (id.getUniqueId().equals("[engine:" + DynamoTestEngine.ENGINE_ID + "]")) {
                    result.getThrowable().ifPresent(failures::add);
                  }
                  if (id.isTest()) {
                    failures.add(new AssertionError("a test ran: " + id.getDisplayName()));
                  }
                }
              });
    }
    return failures.stream().findFirst();
  }

  private static LauncherDiscoveryRequest request(
      Map<String, String> parameters, Class<?>... classes) {
    Map<String, String> all = new HashMap<>(parameters);
    all.put("dynamo.summary", "false");
    all.put("dynamo.history", "off");
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
        .filters(EngineFilter.includeEngines(DynamoTestEngine.ENGINE_ID))
        .configurationParameters(all)
        .enableImplicitConfigurationParameters(false)
        .build();
  }

  /** The method names of the test events, with the display name for invocations. */
  static List<String> methodNames(Events events) {
    return events.stream()
        .map(EngineTestSupport::methodName)
        .distinct()
        .sorted()
        .collect(Collectors.toList());
  }

  static String methodName(Event event) {
    return event
        .getTestDescriptor()
        .getSource()
        .filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName())
        .orElse(event.getTestDescriptor().getDisplayName());
  }

  /** The tests that ran or were skipped: everything the selection kept. */
  static List<String> selected(EngineExecutionResults results) {
    return Stream.concat(
            results.testEvents().started().stream(), results.testEvents().skipped().stream())
        .map(EngineTestSupport::methodName)
        .distinct()
        .sorted()
        .collect(Collectors.toList());
  }

  /** The error that failed the run of {@code classes} before any test ran. */
  static Throwable runError(Map<String, String> parameters, Class<?>... classes) {
    EngineExecutionResults results = run(parameters, classes);
    if (results.testEvents().started().count() > 0) {
      throw new AssertionError("tests ran: " + results.testEvents().started().count());
    }
    return results.containerEvents().failed().stream()
        .filter(event -> event.getTestDescriptor().isRoot())
        .map(
            event ->
                event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .findFirst()
        .orElseThrow(() -> new AssertionError("the run did not fail"));
  }

  /** The root cause of the error that stopped discovery of {@code classes}. */
  static Throwable discoveryError(Map<String, String> parameters, Class<?>... classes) {
    try {
      run(parameters, classes);
    } catch (RuntimeException e) {
      return rootCause(e);
    }
    throw new AssertionError("discovery did not fail");
  }

  private static Throwable rootCause(Throwable throwable) {
    Throwable current = throwable;
    while (current.getCause() != null && current.getCause() != current) {
      current = current.getCause();
    }
    return current;
  }
}

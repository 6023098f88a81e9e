package ai.dynamo.test.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A run of fixture classes through a real Launcher, as Surefire or an IDE runs them (every listener
 * and filter registered through {@code ServiceLoader}), with what it printed on {@code System.out},
 * the tests it ran and the failure of the {@code dynamo} engine's root. The history is off; the
 * reports go to the directory given. Tests that use it must be {@code @Isolated}: it replaces
 * {@code System.out}.
 *
 * @param console what the run printed
 * @param tests the display names of the tests that finished, in order
 * @param rootFailures the messages of the failures of the {@code dynamo} root
 */
public record LaunchedRun(String console, List<String> tests, List<String> rootFailures) {

  /** Runs {@code classes} with {@code parameters} and the launcher {@code filters}. */
  public static LaunchedRun launch(
      Path reports, Map<String, String> parameters, List<Filter<?>> filters, Class<?>... classes) {
    List<String> tests = new ArrayList<>();
    List<String> rootFailures = new ArrayList<>();
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      LauncherFactory.create()
          .execute(
              LauncherDiscoveryRequestBuilder.request()
                  .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
                  .filters(filters.toArray(Filter<?>[]::new))
                  .configurationParameters(parameters)
                  .configurationParameter("dynamo.reports.dir", reports.toString())
                  .configurationParameter("dynamo.history", "off")
                  .enableImplicitConfigurationParameters(false)
                  .build(),
              new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                  if (id.isTest()) {
                    tests.add(id.getDisplayName());
                  }
                  if (id.getUniqueId().equals("[engine:" + DynamoTestEngine.ENGINE_ID + "]")) {
                    result.getThrowable().ifPresent(t -> rootFailures.add(t.getMessage()));
                  }
                }
              });
    } finally {
      System.setOut(original);
    }
    return new LaunchedRun(out.toString(StandardCharsets.UTF_8), tests, rootFailures);
  }

  /** Runs {@code classes} with {@code parameters}. */
  public static LaunchedRun launch(
      Path reports, Map<String, String> parameters, Class<?>... classes) {
    return launch(reports, parameters, List.of(), classes);
  }
}

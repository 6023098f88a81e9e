package bench.affected;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one module's tests through the {@code dynamo} engine in a JVM of its own, the way the
 * mutation study needs them: every test class under a test-classes directory, with configuration
 * parameters, and writes the methods that failed (one {@code class#method} per line; {@code
 * class#*} for a class whose set-up failed) to a file. The study forks it once per module and
 * mutation (class path: the mutated classes first, then the module's test and main classes and
 * dependencies), and once per changed file with {@code dynamo.affected} and {@code
 * dynamo.dry-run=true} to read the selection from {@code plan.json}.
 *
 * <pre>{@code
 * java -cp ... bench.affected.RunTests TEST_CLASSES FAILURES_FILE [key=value ...]
 * }</pre>
 */
public final class RunTests {

  public static void main(String[] args) throws Exception {
    Path testClasses = Path.of(args[0]);
    Path failuresFile = Path.of(args[1]);
    LauncherDiscoveryRequestBuilder request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClasspathRoots(Set.of(testClasses)))
            .filters(EngineFilter.includeEngines("dynamo"));
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      request.configurationParameter(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Set<String> failed = new TreeSet<>();
    List<String> ran = new ArrayList<>();
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.getSource().orElse(null) instanceof ClassSource container) {
              // A class whose set-up failed: its tests did not run, and the mutation was caught.
              if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                failed.add(container.getClassName() + "#*");
              }
              return;
            }
            if (!(id.getSource().orElse(null) instanceof MethodSource source)) {
              return;
            }
            String name = source.getClassName() + "#" + source.getMethodName();
            if (id.isTest()) {
              ran.add(name);
            }
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
              failed.add(name);
            }
          }
        };
    LauncherFactory.create().execute(request.build(), listener);
    Files.write(failuresFile, failed);
    System.out.println(
        "[run-tests] " + ran.size() + " test invocations, " + failed.size() + " failed");
    System.exit(0);
  }
}

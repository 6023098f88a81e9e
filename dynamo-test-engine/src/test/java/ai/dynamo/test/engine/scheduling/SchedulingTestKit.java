package ai.dynamo.test.engine.scheduling;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.labels.LabelResolver;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture classes through the {@code dynamo} engine with a history of the test's own. */
final class SchedulingTestKit {

  private SchedulingTestKit() {}

  /**
   * Runs {@code classes} with {@code parameters}, reading history from {@code history}; system
   * properties are ignored so that a build run with {@code -Ddynamo.shard} does not leak in.
   */
  static EngineExecutionResults run(
      Path history, Map<String, String> parameters, Class<?>... classes) {
    DiscoverySelector[] selectors =
        Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new);
    return EngineTestKit.engine("dynamo")
        .enableImplicitConfigurationParameters(false)
        .configurationParameter("dynamo.history", history.toString())
        .configurationParameter("dynamo.summary", "false")
        .configurationParameters(parameters)
        .selectors(selectors)
        .execute();
  }

  /** The methods that started, in order, as {@code Class.method}. */
  static List<String> startedMethods(EngineExecutionResults results) {
    List<String> names = new ArrayList<>();
    for (Event event : results.testEvents().started().list()) {
      if (event.getTestDescriptor().getSource().orElse(null) instanceof MethodSource source) {
        names.add(source.getJavaClass().getSimpleName() + "." + source.getMethodName());
      }
    }
    return names;
  }

  /** The top-level classes that started, in order, by simple name. */
  static List<String> startedClasses(EngineExecutionResults results) {
    List<String> names = new ArrayList<>();
    for (Event event : results.containerEvents().started().list()) {
      if (event.getTestDescriptor().getSource().orElse(null) instanceof ClassSource source
          && event.getTestDescriptor().getParent().map(p -> p.isRoot()).orElse(false)) {
        names.add(source.getJavaClass().getSimpleName());
      }
    }
    return names;
  }

  /** A recorded execution of {@code method} of {@code testClass}. */
  static HistoryRecord test(
      Class<?> testClass, String method, long millis, Outcome outcome, long when) {
    Method found =
        Arrays.stream(testClass.getDeclaredMethods())
            .filter(m -> m.getName().equals(method))
            .findFirst()
            .orElseThrow();
    return HistoryRecord.test(
        "run-" + when, when, LabelResolver.describe(testClass, found), millis, outcome);
  }

  /** A recorded execution of the class {@code className}. */
  static HistoryRecord testClass(String className, long millis, Outcome outcome, long when) {
    return new HistoryRecord("run-" + when, when, Scope.CLASS, className, millis, outcome, "", "");
  }

  /** Writes {@code records} as one settled run into {@code directory}. */
  static void record(Path directory, HistoryRecord... records) {
    new HistoryStore(directory, 10, System.out::println).write(List.of(records), false);
  }
}

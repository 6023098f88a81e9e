package ai.dynamo.test.examples;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.environment.ServiceStarts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * How many service starts run-scoped sharing saves across the examples: runs every example test
 * class that declares a {@code @Service} through the JUnit Launcher and the {@code dynamo} engine,
 * in local mode and, where a Docker engine answers and the images exist, in container mode, and
 * prints, per service and scope, the scopes that declared it (the starts a run without sharing
 * would make) against the starts the engine made. A benchmark, not a test: run it with
 *
 * <pre>
 * {@code ./mvnw -B -q -o verify -pl dynamo-test-examples -am -Pservice-sharing-benchmark -DskipTests}
 * </pre>
 *
 * <p>The figures are the engine's own (its {@code dynamo.services} report entry, see {@link
 * ServiceStarts}); no configuration turns run scope off, so "without sharing" is the number of
 * scopes that declared each service rather than a second run.
 */
final class ServiceSharingBenchmark {

  private static final String PACKAGE = "ai.dynamo.test.examples";

  private ServiceSharingBenchmark() {}

  public static void main(String[] args) throws IOException {
    List<Class<?>> classes =
        ReflectionSupport.findAllClassesInPackage(
            PACKAGE, ServiceSharingBenchmark::declaresServices, name -> true);
    if (classes.isEmpty()) {
      throw new IllegalStateException("No class of " + PACKAGE + " declares a @Service.");
    }
    Path dir = Files.createTempDirectory("dynamo-sharing-benchmark");
    System.out.println(
        "Service starts of the examples' "
            + classes.size()
            + " service test classes ("
            + String.join(", ", classes.stream().map(Class::getSimpleName).toList())
            + "), one run per mode through the dynamo engine");
    List<String> skipped = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    for (String mode : List.of("local", "container")) {
      Outcome outcome = run(classes, mode, dir.resolve(mode));
      if (outcome.figures().isEmpty() || outcome.starts() == 0) {
        skipped.add(
            mode
                + " mode: not measured, "
                + outcome.problems().stream().findFirst().orElse("no service was started"));
        continue;
      }
      rows.addAll(outcome.rows(mode));
      if (!outcome.problems().isEmpty()) {
        skipped.add(mode + " mode: " + String.join("; ", outcome.problems()));
      }
    }
    print(rows);
    skipped.forEach(System.out::println);
    delete(dir);
  }

  private static boolean declaresServices(Class<?> type) {
    return !AnnotationSupport.findRepeatableAnnotations(type, Service.class).isEmpty()
        || Arrays.stream(type.getDeclaredMethods())
            .anyMatch(
                m -> !AnnotationSupport.findRepeatableAnnotations(m, Service.class).isEmpty());
  }

  private static Outcome run(List<Class<?>> classes, String mode, Path dir) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put(Constants.ENV_MODE, mode);
    parameters.put(Constants.ENV_CONTAINER_NETWORK, "host");
    parameters.put(Constants.ENV_LOGS, dir.resolve("logs").toString());
    parameters.put(Constants.ENV_STATE, dir.resolve("state").toString());
    parameters.put(Constants.REPORTS_DIR, dir.resolve("reports").toString());
    parameters.put(Constants.SUMMARY, "false");
    parameters.put(Constants.PROGRESS, "0");
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(
                classes.stream()
                    .map(c -> (DiscoverySelector) selectClass(c))
                    .toArray(n -> new DiscoverySelector[n]))
            .filters(EngineFilter.includeEngines("dynamo"))
            .configurationParameters(parameters)
            .build();
    Outcome outcome = new Outcome();
    long started = System.nanoTime();
    LauncherFactory.create().execute(request, outcome);
    outcome.millis = (System.nanoTime() - started) / 1_000_000;
    return outcome;
  }

  private static void print(List<String[]> rows) {
    String format = "%-10s %-8s %-7s %-13s %7s %16s %6s %8s %s%n";
    System.out.printf(
        Locale.ROOT,
        format,
        "mode",
        "service",
        "scope",
        "declared by",
        "starts",
        "without sharing",
        "saved",
        "run ms",
        "tests");
    for (String[] row : rows) {
      System.out.printf(Locale.ROOT, format, (Object[]) row);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths
          .sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** What one run reported: the engine's service figures, the tests' outcomes, the problems. */
  private static final class Outcome implements TestExecutionListener {
    final Map<String, String> figures = new LinkedHashMap<>();
    final Set<String> problems = new LinkedHashSet<>();
    int passed;
    int failed;
    int aborted;
    long millis;

    @Override
    public void reportingEntryPublished(TestIdentifier identifier, ReportEntry entry) {
      if (entry.getKeyValuePairs().containsKey(ServiceStarts.REPORT_ENTRY)) {
        figures.putAll(entry.getKeyValuePairs());
      }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
      if (identifier.isTest()) {
        switch (result.getStatus()) {
          case SUCCESSFUL -> passed++;
          case FAILED -> failed++;
          case ABORTED -> aborted++;
        }
      }
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        result
            .getThrowable()
            .ifPresent(
                t ->
                    problems.add(
                        identifier.getDisplayName()
                            + " "
                            + result.getStatus().name().toLowerCase(Locale.ROOT)
                            + ": "
                            + String.valueOf(t.getMessage()).lines().findFirst().orElse("")));
      }
    }

    Map<String, String> figures() {
      return figures;
    }

    Set<String> problems() {
      return problems;
    }

    int starts() {
      return Integer.parseInt(figures.getOrDefault(ServiceStarts.STARTS, "0"));
    }

    /** One row per service and scope, then the total; figures read back from the entry's keys. */
    List<String[]> rows(String mode) {
      String tests = passed + " passed, " + failed + " failed, " + aborted + " aborted";
      List<String[]> rows = new ArrayList<>();
      String prefix = ServiceStarts.REPORT_ENTRY + ".";
      for (String key : figures.keySet()) {
        if (!key.startsWith(prefix) || !key.endsWith(".declared")) {
          continue;
        }
        String[] parts = key.substring(prefix.length()).split("\\.");
        String scope = parts[parts.length - 2];
        String service = String.join(".", Arrays.copyOf(parts, parts.length - 2));
        String base = key.substring(0, key.length() - ".declared".length());
        int declared = Integer.parseInt(figures.get(key));
        int started = Integer.parseInt(figures.get(base + ".started"));
        int saved = Integer.parseInt(figures.get(base + ".saved"));
        rows.add(
            new String[] {
              mode,
              service,
              scope,
              declared
                  + (scope.equals("method") ? " test" : " class")
                  + (declared == 1 ? "" : scope.equals("method") ? "s" : "es"),
              Integer.toString(started),
              Integer.toString(started + saved),
              Integer.toString(saved),
              "",
              ""
            });
      }
      int starts = starts();
      int without = Integer.parseInt(figures.get(ServiceStarts.STARTS_WITHOUT_SHARING));
      rows.add(
          new String[] {
            mode,
            "total",
            "",
            "",
            Integer.toString(starts),
            Integer.toString(without),
            Integer.toString(without - starts),
            Long.toString(millis),
            tests
          });
      return rows;
    }
  }
}

package ai.dynamo.test.engine.classification;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.junit.platform.engine.discovery.ClassNameFilter.STANDARD_INCLUDE_PATTERN;
import static org.junit.platform.engine.discovery.ClassNameFilter.excludeClassNamePatterns;
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.labels.ClassificationRules;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.TestLabels;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Lists every unclassified test (no {@code @Stage} or no {@code @TestType}) under compiled test
 * class directories, without running any test: fast enough for a pre-commit hook.
 *
 * <pre>
 * java -cp "$TEST_CLASSPATH" ai.dynamo.test.engine.classification.ClassificationCheck \
 *     [--strict] [--rules FILE] [--exclude REGEX]... target/test-classes
 * </pre>
 *
 * <p>Test classes are those the ConsoleLauncher and Surefire pick by default ({@code *Test}, {@code
 * *Tests}, {@code Test*}). Exit status: 0, or 1 under {@code --strict} when any test is
 * unclassified, or 2 for bad arguments. With {@code --rules}, the classification rules of {@code
 * dynamo.classification.rules} give tests without annotations their default stage and type, and the
 * check counts what each rule classified.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ClassificationCheck {

  private ClassificationCheck() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Checks as {@code args} say, with the thread's context class loader as the parent of the test
   * classes' loader, and returns the exit status. For the Maven plugin.
   */
  @API(status = API.Status.INTERNAL, since = "0.1")
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean strict = false;
    ClassificationRules rules = ClassificationRules.NONE;
    List<String> excludes = new ArrayList<>();
    Set<Path> roots = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--strict" -> strict = true;
        case "--rules" -> {
          if (i + 1 == args.length) {
            err.println("--rules needs the path of a classification rules file");
            return 2;
          }
          try {
            rules = ClassificationRules.load(Path.of(args[++i]));
          } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
          }
        }
        case "--exclude" -> {
          if (i + 1 == args.length) {
            err.println("--exclude needs a regular expression over class names");
            return 2;
          }
          excludes.add(args[++i]);
        }
        default -> {
          Path root = Path.of(args[i]);
          if (!Files.isDirectory(root)) {
            err.println(
                "Not a directory of compiled test classes: "
                    + root
                    + ". Usage: ClassificationCheck [--strict] [--rules FILE] [--exclude REGEX]..."
                    + " DIR...");
            return 2;
          }
          roots.add(root);
        }
      }
    }
    if (roots.isEmpty()) {
      err.println(
          "Usage: ClassificationCheck [--strict] [--rules FILE] [--exclude REGEX]... DIR...");
      return 2;
    }

    LauncherDiscoveryRequestBuilder request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClasspathRoots(roots))
            .filters(
                includeClassNamePatterns(STANDARD_INCLUDE_PATTERN), includeEngines("junit-jupiter"))
            .enableImplicitConfigurationParameters(false);
    if (!excludes.isEmpty()) {
      request.filters(excludeClassNamePatterns(excludes.toArray(String[]::new)));
    }
    Map<String, TestLabels> unclassified = new TreeMap<>();
    Map<String, Integer> byRule = new TreeMap<>();
    int tests = 0;
    LauncherDiscoveryRequest built = request.build();
    TestPlan plan;
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    // The directories need not be on the class path: they get a loader of their own.
    try (URLClassLoader loader = new URLClassLoader(urls(roots), original)) {
      thread.setContextClassLoader(loader);
      plan = LauncherFactory.create().discover(built);
      for (TestIdentifier root : plan.getRoots()) {
        for (TestIdentifier identifier : plan.getDescendants(root)) {
          if (!(identifier.getSource().orElse(null) instanceof MethodSource source)) {
            continue;
          }
          tests++;
          ClassificationRules.Classified classified =
              rules.classify(
                  source.getJavaClass(),
                  LabelResolver.forSource(source, identifier.getTags()).orElseThrow());
          classified.byRule().ifPresent(pattern -> byRule.merge(pattern, 1, Integer::sum));
          TestLabels labels = classified.labels();
          if (labels.isUnclassified()) {
            unclassified.put(
                LabelResolver.describe(source.getJavaClass(), source.getJavaMethod()), labels);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(original);
    }
    unclassified.forEach(
        (name, labels) ->
            out.println("UNCLASSIFIED " + name + " (missing " + labels.missing() + ")"));
    byRule.forEach(
        (pattern, count) -> out.println("CLASSIFIED BY RULE " + pattern + ": " + count + " tests"));
    int byRules = byRule.values().stream().mapToInt(Integer::intValue).sum();
    out.println(
        "Classification check: "
            + tests
            + " tests, "
            + (rules.isEmpty() ? "" : byRules + " classified by rule, ")
            + unclassified.size()
            + " unclassified"
            + (unclassified.isEmpty() ? "." : strict ? ": failing (--strict)." : "."));
    return strict && !unclassified.isEmpty() ? 1 : 0;
  }

  private static URL[] urls(Set<Path> roots) {
    return roots.stream()
        .map(
            root -> {
              try {
                return root.toUri().toURL();
              } catch (MalformedURLException e) {
                throw new IllegalArgumentException(root.toString(), e);
              }
            })
        .toArray(URL[]::new);
  }
}

package ai.dynamo.test.engine.affected;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Capability;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.AffectedFallback;
import ai.dynamo.test.engine.labels.TestLabels;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Decides which tests the changes since a git ref affect ({@code dynamo.affected}), test class by
 * test class, from the changed files, the test-to-class map and the rules. Whatever it cannot
 * decide runs: a test without a map, with a stale map, whose code runs outside the JVM, or any test
 * when a change no map can see matches no rule that narrows it.
 *
 * <pre>{@code
 * AffectedSelection affected =
 *     AffectedSelection.prepare(ref, fallback, changes, map, rules, module, visible);
 * Decision decision = affected.decide(testClass, testMethod, labels);
 * System.out.println(affected.line());
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class AffectedSelection {

  /** Why a test runs or not; the name is what {@code plan.json} and the console line say. */
  public enum Category {
    RULE,
    OUT_OF_JVM,
    OWN_SOURCE,
    UNMAPPED,
    STALE,
    MAPPED,
    FALLBACK,
    NOT_AFFECTED;

    /** {@code own-source}, {@code out-of-jvm}, ... */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The decision for one test.
   *
   * @param selected whether it runs
   * @param category why, as a category
   * @param reason why, for {@code plan.json}: {@code mapped: reached com.example.Foo}
   */
  public record Decision(boolean selected, Category category, String reason) {}

  /** What made a change no map can see select every test of this run. */
  private record Trigger(String file, String rule) {}

  private static final Pattern JAVA_SOURCE =
      Pattern.compile("(?:.*/)?src/(main|test)/java/(.+)\\.java");

  private final String ref;
  private final Optional<String> undecidable;
  private final int changedFiles;
  private final Map<String, String> changedClasses;
  private final TestClassMap map;
  private final AffectedRules rules;
  private final List<Trigger> triggers;
  private final Map<String, Decision> byClass = new HashMap<>();

  /**
   * Each test's category, by its name: a build tool discovers the same test more than once in a run
   * (Surefire scans each class alone, then discovers the classes it keeps together), and the line
   * counts it once.
   */
  private final Map<String, Category> decided = new HashMap<>();

  private final Map<String, Optional<Long>> currentIds = new HashMap<>();

  private AffectedSelection(
      String ref,
      Optional<String> undecidable,
      int changedFiles,
      Map<String, String> changedClasses,
      TestClassMap map,
      AffectedRules rules,
      List<Trigger> triggers) {
    this.ref = ref;
    this.undecidable = undecidable;
    this.changedFiles = changedFiles;
    this.changedClasses = changedClasses;
    this.map = map;
    this.rules = rules;
    this.triggers = triggers;
  }

  /**
   * The selection for the changes git found, or for the cause it gave why it cannot tell: under
   * {@code fallback=all} every test runs, otherwise discovery fails naming the cause.
   *
   * @param changes the changes, or why git cannot tell them
   * @param module the directory of the module under test, for {@code module} rules
   * @param visible whether a class is on the test class path: a changed main class that is not (a
   *     class of another module this one does not depend on) cannot affect these tests
   * @throws ConfigurationException when git cannot tell and the fallback is {@code fail}
   */
  public static AffectedSelection prepare(
      String ref,
      AffectedFallback fallback,
      Changes changes,
      TestClassMap map,
      Optional<String> rulesFile,
      Path module,
      Predicate<String> visible) {
    if (changes.files().isEmpty()) {
      String cause = changes.cause().orElse("git gave no answer");
      if (fallback == AffectedFallback.FAIL) {
        throw new ConfigurationException(
            "Cannot select the tests affected by "
                + ref
                + " ("
                + Constants.AFFECTED
                + "): "
                + cause
                + ". Fix that, or set "
                + Constants.AFFECTED_FALLBACK
                + "=all to run every test when the changes cannot be told.");
      }
      return new AffectedSelection(
          ref, Optional.of(cause), 0, Map.of(), map, AffectedRules.NONE, List.of());
    }
    ChangedFiles changed = changes.files().get();
    AffectedRules rules = AffectedRules.load(rulesFile, changed.topLevel());
    Set<String> reachedTopLevel = new HashSet<>();
    map.entries().forEach(e -> e.reached().keySet().forEach(c -> reachedTopLevel.add(topLevel(c))));
    Map<String, String> changedClasses = new HashMap<>();
    List<Trigger> triggers = new ArrayList<>();
    Path moduleDir = module.toAbsolutePath().normalize();
    changed
        .files()
        .forEach(
            (file, change) -> {
              Matcher java = JAVA_SOURCE.matcher(file);
              if (java.matches()) {
                String className = java.group(2).replace('/', '.');
                changedClasses.put(className, file);
                boolean main = java.group(1).equals("main");
                // Test sources decide by the map and by their own class; main sources the map
                // cannot judge (deleted, or reached by no test) go to the rules, unless the class
                // is not on this module's test class path (another module that this one does not
                // depend on), where it cannot affect this module's tests.
                if (!main
                    || (change != ChangedFiles.Change.DELETED
                        && (reachedTopLevel.contains(className) || !visible.test(className)))) {
                  return;
                }
              }
              Optional<AffectedRules.Rule> rule = rules.match(file);
              AffectedRules.Action action =
                  rule.map(AffectedRules.Rule::action).orElse(AffectedRules.Action.ALL);
              String name = rule.map(AffectedRules.Rule::glob).orElse("default");
              if (action == AffectedRules.Action.ALL
                  || (action == AffectedRules.Action.MODULE
                      && moduleOf(changed.topLevel().resolve(file)).equals(moduleDir))) {
                triggers.add(new Trigger(file, name));
              }
            });
    return new AffectedSelection(
        ref,
        Optional.empty(),
        changed.files().size(),
        Map.copyOf(changedClasses),
        map,
        rules,
        List.copyOf(triggers));
  }

  /** The changes between a ref and the work tree, or why git cannot tell them. */
  public record Changes(Optional<ChangedFiles> files, Optional<String> cause) {

    /** Asks git, turning its failure into a cause. */
    public static Changes between(String ref, Path directory) {
      try {
        return new Changes(Optional.of(ChangedFiles.between(ref, directory)), Optional.empty());
      } catch (ChangedFiles.Undecidable e) {
        return new Changes(Optional.empty(), Optional.of(e.getMessage()));
      }
    }
  }

  /** The decision for one test of {@code testClass}; {@code method} may be null. */
  public synchronized Decision decide(Class<?> testClass, Method method, TestLabels labels) {
    Decision decision = decideUncounted(testClass, method, labels);
    decided.put(
        testClass.getName()
            + "#"
            + (method == null
                ? ""
                : method.getName() + Arrays.toString(method.getParameterTypes())),
        decision.category());
    return decision;
  }

  private Decision decideUncounted(Class<?> testClass, Method method, TestLabels labels) {
    if (undecidable.isPresent()) {
      return new Decision(
          true,
          Category.FALLBACK,
          "fallback: the changes cannot be told (" + undecidable.get() + ")");
    }
    if (!triggers.isEmpty()) {
      Trigger first = triggers.get(0);
      return new Decision(true, Category.RULE, "rule:" + first.rule() + " (" + first.file() + ")");
    }
    if (rules.outOfJvmAlways() && runsOutsideTheJvm(testClass, method, labels)) {
      return new Decision(
          true,
          Category.OUT_OF_JVM,
          "out-of-jvm: its code runs outside the test JVM (e2e, a service or Docker)");
    }
    return byClass.computeIfAbsent(testClass.getName(), name -> decideClass(testClass));
  }

  private Decision decideClass(Class<?> testClass) {
    String ownSource = changedClasses.get(topLevel(testClass.getName()));
    if (ownSource != null) {
      return new Decision(true, Category.OWN_SOURCE, "own-source: " + ownSource + " changed");
    }
    Optional<TestClassMap.Entry> entry = map.of(testClass.getName());
    if (entry.isEmpty()) {
      return new Decision(true, Category.UNMAPPED, "unmapped: no map of this test class yet");
    }
    for (String reached : entry.get().reached().keySet()) {
      String source = changedClasses.get(topLevel(reached));
      if (source != null) {
        return new Decision(
            true, Category.MAPPED, "mapped: reached " + reached + " (" + source + ")");
      }
    }
    ClassLoader loader =
        testClass.getClassLoader() == null
            ? ClassLoader.getSystemClassLoader()
            : testClass.getClassLoader();
    long testClassId = currentId(loader, testClass.getName()).orElse(0L);
    if (entry.get().testClassId() != 0 && testClassId != entry.get().testClassId()) {
      return new Decision(
          true, Category.STALE, "stale: the test class changed since its map" + at(entry.get()));
    }
    for (Map.Entry<String, Long> reached : entry.get().reached().entrySet()) {
      Optional<Long> now = currentId(loader, reached.getKey());
      if (now.isEmpty() || !now.get().equals(reached.getValue())) {
        return new Decision(
            true,
            Category.STALE,
            "stale: "
                + reached.getKey()
                + (now.isEmpty() ? " is gone" : " changed")
                + " since its map"
                + at(entry.get()));
      }
    }
    return new Decision(false, Category.NOT_AFFECTED, "not affected by " + ref);
  }

  private static String at(TestClassMap.Entry entry) {
    return entry.revision().isEmpty() ? "" : " (recorded at " + entry.revision() + ")";
  }

  private Optional<Long> currentId(ClassLoader loader, String className) {
    return currentIds.computeIfAbsent(className, c -> MapRecorder.classId(loader, c));
  }

  private static boolean runsOutsideTheJvm(Class<?> testClass, Method method, TestLabels labels) {
    if (labels.kind().filter(k -> k == TestKind.E2E).isPresent()) {
      return true;
    }
    Set<Capability> needs = labels.requirements().capabilities();
    if (needs.contains(Capability.DOCKER) || needs.contains(Capability.KUBERNETES)) {
      return true;
    }
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      if (!AnnotationSupport.findRepeatableAnnotations(c, Service.class).isEmpty()) {
        return true;
      }
    }
    return method != null
        && !AnnotationSupport.findRepeatableAnnotations(method, Service.class).isEmpty();
  }

  /** The top-level class of a JVM class name: {@code a.B} for {@code a.B$C}. */
  static String topLevel(String className) {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  /** The nearest directory holding {@code file} with a Maven or Gradle build file. */
  static Path moduleOf(Path file) {
    for (Path dir = file.toAbsolutePath().normalize().getParent();
        dir != null;
        dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))
          || Files.isRegularFile(dir.resolve("build.gradle"))
          || Files.isRegularFile(dir.resolve("build.gradle.kts"))) {
        return dir;
      }
    }
    return Path.of("/");
  }

  /**
   * The run's one line: {@code [dynamo] Affected by origin/main: 3 files changed, 12 of 340 tests
   * selected (9 mapped, 2 unmapped, 1 rule: pom.xml)}.
   */
  public synchronized String line() {
    Map<Category, Integer> counts = new EnumMap<>(Category.class);
    decided.values().forEach(category -> counts.merge(category, 1, Integer::sum));
    int considered = decided.size();
    int selected = considered - counts.getOrDefault(Category.NOT_AFFECTED, 0);
    if (undecidable.isPresent()) {
      return "[dynamo] Affected by "
          + ref
          + ": cannot tell the changes ("
          + undecidable.get()
          + "); "
          + Constants.AFFECTED_FALLBACK
          + "=all runs all "
          + considered
          + " tests";
    }
    List<String> why = new ArrayList<>();
    for (Category category : Category.values()) {
      int n = counts.getOrDefault(category, 0);
      if (n == 0 || category == Category.NOT_AFFECTED) {
        continue;
      }
      String text = n + " " + category.label();
      if (category == Category.RULE) {
        Set<String> files = new LinkedHashSet<>();
        triggers.forEach(t -> files.add(t.file()));
        text +=
            ": "
                + files.stream().limit(3).collect(Collectors.joining(", "))
                + (files.size() > 3 ? " and " + (files.size() - 3) + " more" : "");
      }
      why.add(text);
    }
    return "[dynamo] Affected by "
        + ref
        + ": "
        + changedFiles
        + (changedFiles == 1 ? " file" : " files")
        + " changed, "
        + selected
        + " of "
        + considered
        + " tests selected"
        + (why.isEmpty() ? "" : " (" + String.join(", ", why) + ")");
  }
}

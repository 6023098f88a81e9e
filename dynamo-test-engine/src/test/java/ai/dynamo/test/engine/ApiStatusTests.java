package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.MAINTAINED;
import static org.apiguardian.api.API.Status.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.apiguardian.api.API.Status;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the API and the engine says what it is, with apiguardian's {@code @API} as
 * JUnit's types do (docs/reference.md, "What is API"). Reads the classes both modules compile to,
 * so a new public type without a status is caught when it lands, and lists every type that is more
 * than internal, so that changing what users may rely on is a deliberate edit of this test.
 */
@Stage(PRE_MERGE)
@TestType(UNIT)
class ApiStatusTests {

  /** Every public type whose status is not INTERNAL, by name below {@code ai.dynamo.test.}. */
  private static final Map<String, Status> USER_FACING =
      new TreeMap<>(
          Map.ofEntries(
              // What test authors write: a change breaks their tests.
              Map.entry("api.Capability", STABLE),
              Map.entry("api.Feature", STABLE),
              Map.entry("api.Features", STABLE),
              Map.entry("api.Flaky", STABLE),
              Map.entry("api.GpuAllocation", STABLE),
              Map.entry("api.Lifecycle", STABLE),
              Map.entry("api.Requires", STABLE),
              Map.entry("api.Stage", STABLE),
              Map.entry("api.TestKind", STABLE),
              Map.entry("api.TestType", STABLE),
              Map.entry("api.Tutorial", STABLE),
              Map.entry("api.Tutorials", STABLE),
              Map.entry("api.FlakySettings", EXPERIMENTAL),
              Map.entry("api.FlakySettings.Mode", EXPERIMENTAL),
              // Services: young, still shaped by use.
              Map.entry("api.environment.BuiltInService", EXPERIMENTAL),
              Map.entry("api.environment.Readiness", EXPERIMENTAL),
              Map.entry("api.environment.Readiness.Custom", EXPERIMENTAL),
              Map.entry("api.environment.Readiness.Http", EXPERIMENTAL),
              Map.entry("api.environment.Readiness.LogLine", EXPERIMENTAL),
              Map.entry("api.environment.Readiness.TcpPort", EXPERIMENTAL),
              Map.entry("api.environment.ReadinessCheck", EXPERIMENTAL),
              Map.entry("api.environment.Service", EXPERIMENTAL),
              Map.entry("api.environment.ServiceDefinition", EXPERIMENTAL),
              Map.entry("api.environment.ServiceHandle", EXPERIMENTAL),
              Map.entry("api.environment.ServiceMode", EXPERIMENTAL),
              Map.entry("api.environment.ServiceRecipe", EXPERIMENTAL),
              Map.entry("api.environment.ServiceRef", EXPERIMENTAL),
              Map.entry("api.environment.ServiceScope", EXPERIMENTAL),
              Map.entry("api.environment.Services", EXPERIMENTAL),
              // The engine: its keys, its id, and what users run or call from their own code.
              Map.entry("engine.Constants", STABLE),
              Map.entry("engine.DynamoTestEngine", MAINTAINED),
              Map.entry("engine.catalog.StrategyDocument", EXPERIMENTAL),
              Map.entry("engine.classification.ClassificationCheck", EXPERIMENTAL),
              Map.entry("engine.docs.RunnableDocs", EXPERIMENTAL),
              Map.entry("engine.docs.RunnableDocsExtension", EXPERIMENTAL),
              Map.entry("engine.history.DurationHistory", EXPERIMENTAL),
              Map.entry("engine.history.FlipCandidates", EXPERIMENTAL),
              Map.entry("engine.history.FlipCandidates.Candidate", EXPERIMENTAL),
              Map.entry("engine.history.HistoryStore", EXPERIMENTAL),
              Map.entry("engine.merge.MergeReports", EXPERIMENTAL),
              Map.entry("engine.scheduling.ShardPlanner", EXPERIMENTAL)));

  @Test
  void everyPublicTopLevelTypeOfBothModulesCarriesItsApiStatus() throws Exception {
    List<Class<?>> types = publicTypes();
    List<String> withoutStatus = new ArrayList<>();
    for (Class<?> type : types) {
      if (type.getEnclosingClass() == null && !type.isAnnotationPresent(API.class)) {
        withoutStatus.add(type.getName());
      }
    }
    assertThat(withoutStatus)
        .as("public types without @API(status = ..., since = ...); see docs/reference.md")
        .isEmpty();
  }

  @Test
  void onlyTheTypesUsersTouchAreMoreThanInternal() throws Exception {
    Map<String, Status> found = new TreeMap<>();
    for (Class<?> type : publicTypes()) {
      API api = type.getAnnotation(API.class);
      if (api != null && api.status() != Status.INTERNAL) {
        found.put(type.getCanonicalName().substring("ai.dynamo.test.".length()), api.status());
      }
    }
    assertThat(found)
        .as("public types above INTERNAL; a change of status is a deliberate edit of USER_FACING")
        .containsExactlyEntriesOf(USER_FACING);
  }

  /**
   * The public types, top-level and nested, that the API and the engine compile to: read from each
   * module's class directory, or its jar when the tests run against the packaged module.
   */
  private static List<Class<?>> publicTypes() throws IOException, URISyntaxException {
    List<String> names = new ArrayList<>();
    names.addAll(classNames(Stage.class));
    names.addAll(classNames(DynamoTestEngine.class));
    List<Class<?>> types = new ArrayList<>();
    for (String name : names) {
      if (name.endsWith("package-info") || name.endsWith("module-info")) {
        continue;
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, ApiStatusTests.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError("Listed but not loadable: " + name, e);
      }
      if (isPublic(type)) {
        types.add(type);
      }
    }
    // Both modules were read: the API's annotations and the engine's classes.
    assertThat(types).contains(Stage.class, DynamoTestEngine.class).hasSizeGreaterThan(50);
    return types;
  }

  private static boolean isPublic(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The names of the classes under {@code ai/dynamo/test/} of the module that holds {@code known}.
   */
  private static List<String> classNames(Class<?> known) throws IOException, URISyntaxException {
    Path root = Path.of(known.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> entries = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        files
            .map(file -> root.relativize(file).toString().replace('\\', '/'))
            .forEach(entries::add);
      }
    } else {
      try (JarFile jar = new JarFile(root.toFile())) {
        jar.stream().map(entry -> entry.getName()).forEach(entries::add);
      }
    }
    return entries.stream()
        .filter(entry -> entry.startsWith("ai/dynamo/test/") && entry.endsWith(".class"))
        .map(entry -> entry.substring(0, entry.length() - ".class".length()).replace('/', '.'))
        .toList();
  }
}

package ai.dynamo.test.engine.run;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.DynamoTestEngine;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No static field of the engine holds the state of a run: every static is a constant, an immutable
 * collection, or one of the few JVM-wide resources named below with the reason each is not a run's.
 * Reads every class the engine's main code compiles to, so a new static is caught when it lands.
 */
@Stage(PRE_MERGE)
@TestType(UNIT)
class NoRunStateInStaticsTests {

  /**
   * Static fields that hold JVM-wide resources or caches of immutable files, never a run's state.
   */
  private static final Map<String, String> JVM_WIDE =
      Map.of(
          "ai.dynamo.test.engine.coverage.CoverageListener.MEASURING",
          "the JVM has one JaCoCo agent: one run measures at a time",
          "ai.dynamo.test.engine.environment.Ports.HANDED_OUT",
          "ports are the JVM's: two runs must not hand out the same one",
          "ai.dynamo.test.engine.environment.ShutdownTeardown.LIVE",
          "the JVM's shutdown hook stops what is still running when it exits",
          "ai.dynamo.test.engine.history.HistoryStore.LAST_READ",
          "a cache of history files by name, size and time; the files never change once written",
          "ai.dynamo.test.engine.history.HistoryStore.PARSED",
          "a cache of parsed history files by size and time; the files never change once written",
          "ai.dynamo.test.engine.run.DynamoRun.DISCOVERING",
          "hands the session's run to the engine for one discovery on the discovering thread",
          "ai.dynamo.test.engine.launcher.DiscoveryParticipation.DYNAMO_DISCOVERING",
          "tells the duplicate filter of one discovery, on its thread, that dynamo takes part");

  @Test
  void noStaticFieldOfTheEngineHoldsMutableState() throws Exception {
    List<String> violations = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    for (Class<?> type : engineClasses()) {
      for (Field field : type.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())
            || field.isSynthetic()
            || field.isEnumConstant()) {
          continue;
        }
        String name = type.getName() + "." + field.getName();
        if (JVM_WIDE.containsKey(name)) {
          allowed.add(name);
          continue;
        }
        if (!Modifier.isFinal(field.getModifiers())) {
          violations.add(name + " is not final");
          continue;
        }
        field.setAccessible(true);
        Object value = field.get(null);
        if (isMutable(value)) {
          violations.add(name + " holds a " + value.getClass().getName());
        }
      }
    }
    assertThat(violations).isEmpty();
    // The allowlist names real fields: a renamed one must be looked at again.
    assertThat(allowed).containsExactlyInAnyOrderElementsOf(JVM_WIDE.keySet());
  }

  private static boolean isMutable(Object value) {
    if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
      String implementation = value.getClass().getName();
      return !(implementation.startsWith("java.util.ImmutableCollections")
          || implementation.startsWith("java.util.Collections$Unmodifiable")
          || implementation.startsWith("java.util.Collections$Empty")
          || implementation.startsWith("java.util.Collections$Singleton"));
    }
    return value instanceof AtomicBoolean
        || value instanceof AtomicInteger
        || value instanceof AtomicLong
        || value instanceof AtomicReference<?>
        || value instanceof ThreadLocal<?>;
  }

  private static List<Class<?>> engineClasses() throws IOException, URISyntaxException {
    Path root =
        Path.of(DynamoTestEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = root.relativize(file).toString();
        if (relative.endsWith(".class") && relative.startsWith("ai/dynamo/test/engine")) {
          String name = relative.replace('/', '.').replaceAll("\\.class$", "");
          try {
            classes.add(Class.forName(name, true, DynamoTestEngine.class.getClassLoader()));
          } catch (ClassNotFoundException | LinkageError e) {
            // An optional dependency's class (Testcontainers, JaCoCo) that is not loadable here.
          }
        }
      }
    }
    assertThat(classes).hasSizeGreaterThan(50);
    return classes;
  }
}

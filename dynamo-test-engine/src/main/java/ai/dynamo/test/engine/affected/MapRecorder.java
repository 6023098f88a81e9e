package ai.dynamo.test.engine.affected;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.coverage.CoverageRecorder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.jacoco.core.data.ExecutionData;
import org.jacoco.core.data.ExecutionDataReader;
import org.jacoco.core.internal.data.CRC64;

/**
 * Builds the test-to-class map of one run from the JaCoCo agent's dumps: every dump is read with
 * JaCoCo's {@link ExecutionDataReader}, and each class with a probe hit is credited, with its class
 * id, to the test classes that ran while the dump was collected.
 *
 * <p>Only classes of the project count: a class whose {@code .class} file the class loader finds in
 * a directory ({@code target/classes}, {@code target/test-classes}, a sibling module's classes in a
 * reactor build), not in a jar. The JDK, JUnit, the engine and every other dependency come from
 * jars; a change to them is a build-file change, which the map cannot see and the rules decide.
 *
 * <pre>{@code
 * MapRecorder recorder = new MapRecorder(classLoader);
 * CoverageListener.wrap(..., Optional.of(recorder));
 * store.write(recorder.entries(revision), sharded);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class MapRecorder implements CoverageRecorder.DumpListener {

  private final ClassLoader loader;
  private final Map<String, Map<String, Long>> reached = new TreeMap<>();
  private final Map<String, Boolean> ofProject = new HashMap<>();

  /** A recorder judging which classes belong to the project by what {@code loader} finds. */
  public MapRecorder(ClassLoader loader) {
    this.loader = loader;
  }

  @Override
  public synchronized void dumped(byte[] data, Set<String> testClasses) {
    if (testClasses.isEmpty()) {
      return;
    }
    Map<String, Long> hit = new HashMap<>();
    ExecutionDataReader reader = new ExecutionDataReader(new ByteArrayInputStream(data));
    reader.setSessionInfoVisitor(info -> {});
    reader.setExecutionDataVisitor(
        execution -> {
          if (anyHit(execution) && isOfProject(execution.getName())) {
            hit.put(execution.getName().replace('/', '.'), execution.getId());
          }
        });
    try {
      reader.read();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the JaCoCo agent's execution data", e);
    }
    for (String testClass : testClasses) {
      reached.computeIfAbsent(testClass, c -> new TreeMap<>()).putAll(hit);
    }
  }

  /** The map records of what ran so far, one per test class, recorded now at {@code revision}. */
  public synchronized List<TestClassMap.Entry> entries(String revision) {
    long now = System.currentTimeMillis();
    List<TestClassMap.Entry> entries = new ArrayList<>(reached.size());
    reached.forEach(
        (testClass, classes) ->
            entries.add(
                new TestClassMap.Entry(
                    testClass,
                    classId(loader, testClass).orElse(0L),
                    revision,
                    now,
                    Map.copyOf(classes))));
    return entries;
  }

  private static boolean anyHit(ExecutionData execution) {
    for (boolean probe : execution.getProbes()) {
      if (probe) {
        return true;
      }
    }
    return false;
  }

  private boolean isOfProject(String vmName) {
    return ofProject.computeIfAbsent(
        vmName,
        name -> {
          URL url = loader.getResource(name + ".class");
          return url != null && url.getProtocol().equals("file");
        });
  }

  /**
   * The class id JaCoCo gives {@code className}'s bytes as {@code loader} finds them (the CRC64 of
   * the class file), empty when it finds none.
   */
  static Optional<Long> classId(ClassLoader loader, String className) {
    try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(CRC64.classId(in.readAllBytes()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

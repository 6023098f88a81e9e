package ai.dynamo.test.engine.coverage;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * Splits the JaCoCo agent's execution data by test type: at every boundary where what runs changes
 * (a test or test class of a type, or of a test class, that was not running starts, or the last one
 * running finishes) it takes the agent's data with a reset ({@code
 * RT.getAgent().getExecutionData(true)}) and appends it to the exec file of the type that was
 * running, {@code coverage/unit.exec}, {@code coverage/e2e.exec}, ... under the reports directory.
 * JaCoCo exec files may be concatenated, so each file is a plain append of dumps. A test that
 * starts inside its running class, of the class's type, changes nothing and takes no dump: a dump
 * holds every instrumented class the JVM loaded, so one per test would cost far more than one per
 * class.
 *
 * <p>Parallel execution: when tests of more than one type run at once, a dump cannot tell which of
 * them executed a probe, so it goes to the {@code mixed} bucket (counted in the combined figure,
 * never credited to a type); the caller marks test classes as boundaries too, so class-level setup
 * counts for the class's type, and code run outside any class (engine start-up, static initialisers
 * run at discovery) goes to {@code outside}.
 *
 * <pre>{@code
 * CoverageRecorder.attach(reportsDir).ifPresent(recorder -> ...);
 * recorder.started("unit"); ... recorder.finished("unit"); recorder.close();
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class CoverageRecorder {

  /** The directory under the reports directory that holds the exec files. */
  public static final String DIR = "coverage";

  /** The bucket of dumps taken while tests of several types ran at once. */
  public static final String MIXED = "mixed";

  /** The bucket of dumps taken while no test ran. */
  public static final String OUTSIDE = "outside";

  private final Object agent;
  private final Method dump;
  private final Path dir;
  private final Map<String, Integer> running = new HashMap<>();
  private final Map<String, Integer> runningClasses = new HashMap<>();
  private DumpListener dumps = (data, testClasses) -> {};

  /**
   * Receives every dump with the test classes that ran while it was collected: with one class
   * running, the dump is that class's; with several (parallel execution) it may be any of theirs.
   */
  @FunctionalInterface
  public interface DumpListener {
    /**
     * One dump of the agent's execution data, in JaCoCo's exec format.
     *
     * @param testClasses the test classes running while it was collected, by JVM name; empty when
     *     none ran
     */
    void dumped(byte[] data, Set<String> testClasses);
  }

  private CoverageRecorder(Object agent, Method dump, Path dir) {
    this.agent = agent;
    this.dump = dump;
    this.dir = dir;
  }

  /** Hands every later dump to {@code listener} too. */
  public synchronized void onDump(DumpListener listener) {
    dumps = listener;
  }

  /**
   * A recorder writing under {@code reportsDir/coverage}, emptied first; empty when no JaCoCo agent
   * is attached to this JVM.
   */
  public static Optional<CoverageRecorder> attach(Path reportsDir) {
    Optional<Object> found = agent();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Object agent = found.get();
    Method dump;
    try {
      Class<?> api =
          Class.forName("org.jacoco.agent.rt.IAgent", true, agent.getClass().getClassLoader());
      dump = api.getMethod("getExecutionData", boolean.class);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.empty();
    }
    Path dir = reportsDir.resolve(DIR);
    try {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> old = Files.list(dir)) {
          for (Path file : old.filter(f -> f.toString().endsWith(".exec")).toList()) {
            Files.delete(file);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CoverageRecorder recorder = new CoverageRecorder(agent, dump, dir);
    // What ran before the run (class loading of the engine) is nobody's coverage.
    recorder.take();
    return Optional.of(recorder);
  }

  /** Whether a JaCoCo agent is attached to this JVM. */
  static boolean agentAttached() {
    return agent().isPresent();
  }

  private static Optional<Object> agent() {
    try {
      // The agent's runtime sits on the system class path when -javaagent is given; reflection
      // keeps the engine free of a dependency on it.
      Class<?> rt =
          Class.forName("org.jacoco.agent.rt.RT", true, ClassLoader.getSystemClassLoader());
      return Optional.ofNullable(rt.getMethod("getAgent").invoke(null));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The directory the exec files are written to. */
  public Path directory() {
    return dir;
  }

  /** A test of the given type starts: what ran until now belongs to the types running before. */
  public synchronized void started(String type) {
    started(type, Optional.empty());
  }

  /**
   * A test or test class of the given type, of {@code testClass}, starts: what ran until now
   * belongs to the types and classes running before.
   */
  public synchronized void started(String type, Optional<String> testClass) {
    if (!running.containsKey(type)
        || testClass.filter(c -> !runningClasses.containsKey(c)).isPresent()) {
      flush();
    }
    running.merge(type, 1, Integer::sum);
    testClass.ifPresent(c -> runningClasses.merge(c, 1, Integer::sum));
  }

  /** A test of the given type finished: what ran since the last boundary belongs to it. */
  public synchronized void finished(String type) {
    finished(type, Optional.empty());
  }

  /** A test or test class finished: what ran since the last boundary belongs to it. */
  public synchronized void finished(String type, Optional<String> testClass) {
    if (running.getOrDefault(type, 0) <= 1
        || testClass.filter(c -> runningClasses.getOrDefault(c, 0) <= 1).isPresent()) {
      flush();
    }
    running.computeIfPresent(type, (k, n) -> n == 1 ? null : n - 1);
    testClass.ifPresent(c -> runningClasses.computeIfPresent(c, (k, n) -> n == 1 ? null : n - 1));
  }

  /** Takes the last data; called when the run ends. */
  public synchronized void close() {
    flush();
  }

  private void flush() {
    byte[] data = take();
    String bucket =
        running.isEmpty()
            ? OUTSIDE
            : running.size() == 1 ? running.keySet().iterator().next() : MIXED;
    dumps.dumped(data, Set.copyOf(runningClasses.keySet()));
    try {
      Files.write(
          dir.resolve(bucket + ".exec"),
          data,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] take() {
    try {
      return (byte[]) dump.invoke(agent, true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not take the JaCoCo agent's execution data", e);
    }
  }

  /** The buckets with data in {@code dir}, by name. */
  static TreeSet<String> buckets(Path dir) {
    TreeSet<String> names = new TreeSet<>(Comparator.naturalOrder());
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".exec"))
          .forEach(n -> names.add(n.substring(0, n.length() - ".exec".length())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}

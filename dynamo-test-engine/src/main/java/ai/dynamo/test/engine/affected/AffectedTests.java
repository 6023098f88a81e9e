package ai.dynamo.test.engine.affected;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.history.HistorySettings;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.run.DynamoRun;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Wires affected tests into a run: at discovery, the selection of {@code dynamo.affected}; at
 * execution, the recorder of the test-to-class map and, when the run ends, the writing of its
 * records next to the history.
 *
 * <pre>{@code
 * Optional<AffectedSelection> affected = AffectedTests.selection(configuration, root, run);
 * Optional<MapRecorder> recorder = AffectedTests.recorder(configuration, root);
 * ... execute ...
 * recorder.ifPresent(r -> AffectedTests.write(r, configuration, root, run, sharded));
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class AffectedTests {

  private AffectedTests() {}

  /**
   * The affected selection of {@code dynamo.affected} for {@code root}, before any test is pruned;
   * empty when the key is not set.
   */
  public static Optional<AffectedSelection> selection(
      DynamoConfiguration configuration, TestDescriptor root, DynamoRun run) {
    Optional<String> ref = configuration.affected();
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    Optional<Class<?>> anchor = anchor(root);
    Path module = module(anchor);
    // One selection a run, so that its line counts the tests of every discovery of the run, and
    // git and the map are asked once: a build tool discovers each class alone.
    return Optional.of(
        run.affected(
            List.of(
                ref.get(),
                module,
                configuration.affectedFallback(),
                configuration.get(Constants.AFFECTED_RULES)),
            () ->
                AffectedSelection.prepare(
                    ref.get(),
                    configuration.affectedFallback(),
                    AffectedSelection.Changes.between(ref.get(), module),
                    HistorySettings.store(configuration::get, anchor)
                        .map(HistoryStore::directory)
                        .map(TestClassMapStore::of)
                        .map(TestClassMapStore::read)
                        .orElseGet(() -> TestClassMap.merge(List.of())),
                    configuration.get(Constants.AFFECTED_RULES),
                    module,
                    className -> visible(anchor, className))));
  }

  /**
   * A recorder of the test-to-class map for the execution of {@code root}, unless {@code
   * dynamo.affected.map=false} or the history is off. It records only when the JaCoCo agent is
   * attached: the coverage listener hands it the agent's dumps.
   */
  public static Optional<MapRecorder> recorder(
      DynamoConfiguration configuration, TestDescriptor root) {
    if (!configuration.affectedMap()
        || HistorySettings.store(configuration::get, anchor(root)).isEmpty()) {
      return Optional.empty();
    }
    ClassLoader loader =
        anchor(root)
            .map(Class::getClassLoader)
            .orElseGet(() -> Thread.currentThread().getContextClassLoader());
    return Optional.of(new MapRecorder(loader));
  }

  /**
   * Writes what {@code recorder} recorded as one map file of the run, into {@code incoming/} for a
   * shard; a map that cannot be written is reported, never fatal.
   */
  public static void write(
      MapRecorder recorder,
      DynamoConfiguration configuration,
      TestDescriptor root,
      DynamoRun run,
      boolean sharded) {
    String revision =
        run.revision().isEmpty() ? HistorySettings.revision(configuration::get) : run.revision();
    List<TestClassMap.Entry> entries = recorder.entries(revision);
    Optional<HistoryStore> store = HistorySettings.store(configuration::get, anchor(root));
    if (entries.isEmpty() || store.isEmpty()) {
      return;
    }
    try {
      TestClassMapStore.of(store.get().directory()).write(entries, sharded);
    } catch (UncheckedIOException e) {
      System.out.println("[dynamo] WARNING: test-to-class map not recorded: " + e.getMessage());
    }
  }

  /** Whether the test class path of {@code anchor} has {@code className}. */
  private static boolean visible(Optional<Class<?>> anchor, String className) {
    ClassLoader loader =
        anchor
            .map(Class::getClassLoader)
            .orElseGet(() -> Thread.currentThread().getContextClassLoader());
    return loader == null || loader.getResource(className.replace('.', '/') + ".class") != null;
  }

  /** A test class of the tree, to find the build directory, the history and the module. */
  static Optional<Class<?>> anchor(TestDescriptor root) {
    Object source = root.getSource().orElse(null);
    if (source instanceof ClassSource type) {
      return Optional.of(type.getJavaClass());
    }
    if (source instanceof MethodSource method) {
      return Optional.of(method.getJavaClass());
    }
    for (TestDescriptor child : root.getChildren()) {
      Optional<Class<?>> found = anchor(child);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Path module(Optional<Class<?>> anchor) {
    return anchor
        .flatMap(HistorySettings::buildDirectoryOf)
        .map(Path::getParent)
        .orElse(Path.of("").toAbsolutePath());
  }
}

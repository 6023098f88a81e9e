package ai.dynamo.test.engine;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestDescriptor;

/**
 * What the engine's discoveries decided, kept for the execution of the same tree and found by the
 * tree's identity (descriptors compare by unique id, and every root's is {@code [engine:dynamo]}).
 * Build tools discover many trees they never execute (Surefire discovers each class alone first),
 * so a tree is held weakly: a discovery is forgotten when its tree is, never because others came
 * after it.
 *
 * @param <T> what a discovery decided
 */
final class Discoveries<T> {

  private final List<Entry<T>> entries = new ArrayList<>();

  private record Entry<T>(WeakReference<TestDescriptor> root, T discovery) {}

  synchronized void put(TestDescriptor root, T discovery) {
    entries.removeIf(entry -> entry.root().get() == null);
    entries.add(new Entry<>(new WeakReference<>(root), discovery));
  }

  /** The discovery of {@code root}, removed from here. */
  synchronized Optional<T> take(TestDescriptor root) {
    for (Iterator<Entry<T>> it = entries.iterator(); it.hasNext(); ) {
      Entry<T> entry = it.next();
      if (entry.root().get() == root) {
        it.remove();
        return Optional.of(entry.discovery());
      }
    }
    return Optional.empty();
  }
}

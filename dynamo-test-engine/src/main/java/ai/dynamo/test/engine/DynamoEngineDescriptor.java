package ai.dynamo.test.engine;

import java.util.List;
import java.util.function.Consumer;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The {@code dynamo} engine's root: Jupiter's tree under a name of its own, {@value #DISPLAY_NAME},
 * so that an IDE or the ConsoleLauncher does not show two "JUnit Jupiter" roots. Jupiter's root has
 * a fixed name and Jupiter executes only its own root, so the tests live under this root from
 * discovery until Jupiter executes them, and are lent back to Jupiter's root for the execution; the
 * events Jupiter reports for its root are reported for this one.
 */
final class DynamoEngineDescriptor extends EngineDescriptor {

  /** The display name of the engine's root. */
  static final String DISPLAY_NAME = "dynamo (JUnit Jupiter)";

  private final TestDescriptor jupiterRoot;

  private DynamoEngineDescriptor(TestDescriptor jupiterRoot) {
    super(jupiterRoot.getUniqueId(), DISPLAY_NAME);
    this.jupiterRoot = jupiterRoot;
  }

  /** A root that takes over the children of {@code jupiterRoot}, in their order. */
  static DynamoEngineDescriptor around(TestDescriptor jupiterRoot) {
    DynamoEngineDescriptor root = new DynamoEngineDescriptor(jupiterRoot);
    move(jupiterRoot, root);
    return root;
  }

  /**
   * Runs {@code execution} on Jupiter's root, holding this root's children for its length, with a
   * listener for {@code listener} that reports Jupiter's root as this one.
   */
  void lendToJupiter(EngineExecutionListener listener, Consumer<Lent> execution) {
    move(this, jupiterRoot);
    try {
      execution.accept(new Lent(jupiterRoot, new RootAsDynamo(listener)));
    } finally {
      move(jupiterRoot, this);
    }
  }

  /** Jupiter's root, holding the tests, and the listener to give Jupiter. */
  record Lent(TestDescriptor root, EngineExecutionListener listener) {}

  private static void move(TestDescriptor from, TestDescriptor to) {
    // 6.1's getChildren() is an immutable view: change children through the descriptors.
    List<? extends TestDescriptor> children = List.copyOf(from.getChildren());
    children.forEach(from::removeChild);
    children.forEach(to::addChild);
  }

  /** Forwards Jupiter's events, with this root in place of Jupiter's. */
  private final class RootAsDynamo implements EngineExecutionListener {

    private final EngineExecutionListener delegate;

    RootAsDynamo(EngineExecutionListener delegate) {
      this.delegate = delegate;
    }

    private TestDescriptor mapped(TestDescriptor descriptor) {
      return descriptor == jupiterRoot ? DynamoEngineDescriptor.this : descriptor;
    }

    @Override
    public void dynamicTestRegistered(TestDescriptor descriptor) {
      delegate.dynamicTestRegistered(descriptor);
    }

    @Override
    public void executionSkipped(TestDescriptor descriptor, String reason) {
      delegate.executionSkipped(mapped(descriptor), reason);
    }

    @Override
    public void executionStarted(TestDescriptor descriptor) {
      delegate.executionStarted(mapped(descriptor));
    }

    @Override
    public void executionFinished(TestDescriptor descriptor, TestExecutionResult result) {
      delegate.executionFinished(mapped(descriptor), result);
    }

    @Override
    public void reportingEntryPublished(TestDescriptor descriptor, ReportEntry entry) {
      delegate.reportingEntryPublished(mapped(descriptor), entry);
    }

    @Override
    public void fileEntryPublished(TestDescriptor descriptor, FileEntry file) {
      delegate.fileEntryPublished(mapped(descriptor), file);
    }
  }
}

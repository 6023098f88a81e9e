package ai.dynamo.test.engine.coverage;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.labels.ClassificationRules;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.TestLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Measures coverage by test type while the engine executes, and enforces the minimums: it passes
 * every event on to the listener of the run, marks each test and test class as a boundary of its
 * type for the {@link CoverageRecorder}, and when the root finishes analyses the exec files. A type
 * below its {@code dynamo.coverage.minimum.<type>} turns the root's result into a {@link
 * CoverageMinimumNotMet} failure, so the build fails where the run is reported.
 *
 * <pre>{@code
 * EngineExecutionListener listener =
 *     CoverageListener.wrap(delegate, root, reportsDir, settings, run.coverage(), rules);
 * }</pre>
 *
 * <p>One run per JVM measures at a time: the agent's data is global, so a run started inside a test
 * of another (the engine's own tests run fixtures through the engine) leaves the data to the outer
 * run and enforces nothing. That is why {@code MEASURING} is the one static of this class: it
 * guards the JVM's one agent, not a run's state. The result goes to the run's {@link
 * CoverageOutcome}.
 */
@API(status = INTERNAL, since = "0.1")
public final class CoverageListener implements EngineExecutionListener, AutoCloseable {

  private static final AtomicBoolean MEASURING = new AtomicBoolean();

  private final EngineExecutionListener delegate;
  private final TestDescriptor root;
  private final CoverageRecorder recorder;
  private final String notMeasured;
  private final CoverageSettings settings;
  private final CoverageOutcome outcome;
  private final ClassificationRules rules;
  private final Map<TestDescriptor, String> running = new ConcurrentHashMap<>();
  private final Map<TestDescriptor, Optional<String>> runningClasses = new ConcurrentHashMap<>();
  private final AtomicBoolean released = new AtomicBoolean();

  private CoverageListener(
      EngineExecutionListener delegate,
      TestDescriptor root,
      CoverageRecorder recorder,
      String notMeasured,
      CoverageSettings settings,
      CoverageOutcome outcome,
      ClassificationRules rules) {
    this.delegate = delegate;
    this.root = root;
    this.recorder = recorder;
    this.notMeasured = notMeasured;
    this.settings = settings;
    this.outcome = outcome;
    this.rules = rules;
  }

  /**
   * The listener to execute {@code root} with: {@code delegate} itself when nothing is to be done,
   * otherwise one that measures (a JaCoCo agent is attached and no other run measures), or one that
   * fails the root because a minimum is set but coverage cannot be measured. The result, or why
   * there is none, goes to {@code outcome}. A test's type is what it declares, completed by {@code
   * rules}.
   */
  public static EngineExecutionListener wrap(
      EngineExecutionListener delegate,
      TestDescriptor root,
      Path reportsDir,
      CoverageSettings settings,
      CoverageOutcome outcome,
      ClassificationRules rules) {
    return wrap(delegate, root, reportsDir, settings, outcome, rules, Optional.empty());
  }

  /**
   * As {@link #wrap(EngineExecutionListener, TestDescriptor, Path, CoverageSettings,
   * CoverageOutcome, ClassificationRules)}, handing every dump of the agent's data, with the test
   * classes it belongs to, to {@code dumps} as well (the test-to-class map records them).
   */
  public static EngineExecutionListener wrap(
      EngineExecutionListener delegate,
      TestDescriptor root,
      Path reportsDir,
      CoverageSettings settings,
      CoverageOutcome outcome,
      ClassificationRules rules,
      Optional<CoverageRecorder.DumpListener> dumps) {
    if (!MEASURING.compareAndSet(false, true)) {
      outcome.notMeasured(
          "coverage not measured (this run ran inside another run of this JVM, which measures)");
      return delegate;
    }
    Optional<CoverageRecorder> recorder;
    try {
      recorder = CoverageRecorder.attach(reportsDir);
    } catch (RuntimeException e) {
      MEASURING.set(false);
      outcome.notMeasured(
          "coverage not measured (the coverage directory failed: " + e.getMessage() + ")");
      System.err.println("[dynamo] Coverage by test type is off: " + e.getMessage());
      return settings.minimums().isEmpty()
          ? delegate
          : new CoverageListener(
              delegate,
              root,
              null,
              "the coverage directory failed: " + e.getMessage(),
              settings,
              outcome,
              rules);
    }
    if (recorder.isEmpty()) {
      MEASURING.set(false);
      outcome.notMeasured(CoverageReport.NOT_MEASURED);
      return settings.minimums().isEmpty()
          ? delegate
          : new CoverageListener(
              delegate,
              root,
              null,
              "no JaCoCo agent is attached to this JVM",
              settings,
              outcome,
              rules);
    }
    dumps.ifPresent(recorder.get()::onDump);
    return new CoverageListener(delegate, root, recorder.get(), null, settings, outcome, rules);
  }

  @Override
  public void dynamicTestRegistered(TestDescriptor descriptor) {
    delegate.dynamicTestRegistered(descriptor);
  }

  @Override
  public void executionSkipped(TestDescriptor descriptor, String reason) {
    delegate.executionSkipped(descriptor, reason);
  }

  @Override
  public void executionStarted(TestDescriptor descriptor) {
    // A class is a boundary too, so its @BeforeAll/@AfterAll count for the class's type.
    if (recorder != null
        && (descriptor.isTest() || descriptor.getSource().orElse(null) instanceof ClassSource)) {
      String type = type(descriptor);
      Optional<String> testClass = testClass(descriptor);
      running.put(descriptor, type);
      runningClasses.put(descriptor, testClass);
      recorder.started(type, testClass);
    }
    delegate.executionStarted(descriptor);
  }

  @Override
  public void executionFinished(TestDescriptor descriptor, TestExecutionResult result) {
    if (descriptor == root) {
      delegate.executionFinished(descriptor, finish(result));
      return;
    }
    String type = running.remove(descriptor);
    if (type != null) {
      recorder.finished(type, runningClasses.remove(descriptor));
    }
    delegate.executionFinished(descriptor, result);
  }

  @Override
  public void reportingEntryPublished(TestDescriptor descriptor, ReportEntry entry) {
    delegate.reportingEntryPublished(descriptor, entry);
  }

  @Override
  public void fileEntryPublished(TestDescriptor descriptor, FileEntry file) {
    delegate.fileEntryPublished(descriptor, file);
  }

  private TestExecutionResult finish(TestExecutionResult result) {
    if (recorder == null) {
      return failed(
          result,
          new CoverageMinimumNotMet(
              List.of(
                  "Coverage minimums are set (dynamo.coverage.minimum.*), but coverage was not"
                      + " measured: "
                      + notMeasured
                      + ". Attach the agent with jacoco-maven-plugin's prepare-agent goal"
                      + " (docs/reports.md), or remove the minimums.")));
    }
    CoverageResult coverage;
    try {
      recorder.close();
      CoverageReport report = CoverageReport.analyze(recorder.directory(), settings.classes());
      coverage =
          new CoverageResult(
              Optional.of(report),
              recorder.directory(),
              settings.minimums(),
              report.belowMinimum(settings.minimums()),
              Optional.empty());
    } catch (RuntimeException e) {
      String problem = "Could not analyse coverage: " + e;
      List<String> below = new ArrayList<>();
      if (!settings.minimums().isEmpty()) {
        below.add(problem + "; the minimums " + settings.minimums() + " cannot be checked.");
      }
      coverage =
          new CoverageResult(
              Optional.empty(),
              recorder.directory(),
              settings.minimums(),
              below,
              Optional.of(problem));
    } finally {
      close();
    }
    outcome.measured(coverage);
    return coverage.belowMinimum().isEmpty()
        ? result
        : failed(result, new CoverageMinimumNotMet(coverage.belowMinimum()));
  }

  /**
   * Lets another run measure; called when the root finished, and by the engine after execution in
   * case Jupiter ended without finishing the root.
   */
  @Override
  public void close() {
    if (recorder != null && released.compareAndSet(false, true)) {
      MEASURING.set(false);
    }
  }

  /** The root's result with {@code failure} added: the root's own failure stays the cause. */
  static TestExecutionResult failed(TestExecutionResult result, Throwable failure) {
    Optional<Throwable> earlier = result.getThrowable();
    if (earlier.isPresent()) {
      earlier.get().addSuppressed(failure);
      return TestExecutionResult.failed(earlier.get());
    }
    return TestExecutionResult.failed(failure);
  }

  /** The class of a test, or the class itself: what the test-to-class map credits. */
  private static Optional<String> testClass(TestDescriptor descriptor) {
    Object source = descriptor.getSource().orElse(null);
    if (source instanceof MethodSource method) {
      return Optional.of(method.getClassName());
    }
    if (source instanceof ClassSource type) {
      return Optional.of(type.getClassName());
    }
    return Optional.empty();
  }

  /**
   * The type label of a test or class: its own method's, or its class's, {@code unclassified} when
   * it has none.
   */
  private String type(TestDescriptor descriptor) {
    Optional<TestDescriptor> current = Optional.of(descriptor);
    while (current.isPresent()) {
      TestDescriptor d = current.get();
      if (d.getSource().orElse(null) instanceof MethodSource
          || d.getSource().orElse(null) instanceof ClassSource) {
        return LabelResolver.forSource(d.getSource().get(), d.getTags(), rules)
            .flatMap(TestLabels::kind)
            .map(LabelNames::of)
            .orElse("unclassified");
      }
      current = d.getParent();
    }
    return "unclassified";
  }
}

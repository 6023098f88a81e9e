package ai.dynamo.test.engine;

import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.coverage.CoverageListener;
import ai.dynamo.test.engine.coverage.CoverageSettings;
import ai.dynamo.test.engine.plan.DryRun;
import ai.dynamo.test.engine.plan.PlanRecorder;
import ai.dynamo.test.engine.scheduling.Scheduler;
import ai.dynamo.test.engine.scheduling.SchedulingSettings;
import ai.dynamo.test.engine.scheduling.StageBudget;
import ai.dynamo.test.engine.selection.DiscoveryConsole;
import ai.dynamo.test.engine.selection.SelectionReport;
import ai.dynamo.test.engine.selection.TestSelection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.platform.commons.JUnitException;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;

/**
 * The {@code dynamo} test engine: Jupiter, with tests selected by stage, type and labels.
 *
 * <p>Discovery is Jupiter's, under this engine's unique id; the tree it returns is pruned by {@link
 * TestSelection}, then sharded and ordered by {@link Scheduler}. Execution is Jupiter's too, given
 * the same request, so every Jupiter feature and extension keeps working; while it executes, its
 * {@link StageBudget} decides whether tests may still start. The run's plan is recorded at
 * discovery; a dry run reports the selected tests as skipped instead of executing them. While this
 * engine takes part in a run, the {@code junit-jupiter} engine's copy of the same tests is filtered
 * out, so each test runs once.
 */
public final class DynamoTestEngine implements TestEngine {

  /** This engine's id, as in {@code [engine:dynamo]}. */
  public static final String ENGINE_ID = "dynamo";

  static final String JUPITER_ENGINE_ID = "junit-jupiter";

  private TestEngine jupiter;
  private StageBudget budget;

  /**
   * The latest discoveries, by tree identity. Build tools discover many trees that they never
   * execute (Surefire discovers each class alone first), so only the newest few are kept.
   */
  private final Map<Root, Discovery> discoveries =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Root, Discovery> eldest) {
              return size() > 16;
            }
          });

  @Override
  public String getId() {
    return ENGINE_ID;
  }

  @Override
  public Optional<String> getGroupId() {
    return Optional.of("ai.dynamo.test");
  }

  @Override
  public Optional<String> getArtifactId() {
    return Optional.of("dynamo-test-engine");
  }

  @Override
  public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
    DynamoConfiguration configuration;
    TestDescriptor root;
    TestSelection selection;
    SelectionReport report;
    try {
      configuration = DynamoConfiguration.from(request.getConfigurationParameters());
      root = jupiter().discover(request, uniqueId);
      PlanRecorder plan = PlanRecorder.before(configuration, root);
      selection = new TestSelection(configuration);
      report = selection.apply(root);
      plan.record(report);
      new Scheduler(configuration, System.out).apply(root);
    } catch (ConfigurationException e) {
      // Build tools show only "failed to discover tests"; the reason must reach the console too.
      System.err.println("[dynamo] ERROR: " + e.getMessage());
      throw e;
    }
    DiscoveryConsole.printUnclassified(configuration, report);
    discoveries.put(new Root(root), new Discovery(configuration, selection, report));
    return root;
  }

  @Override
  public void execute(ExecutionRequest request) {
    TestDescriptor root = request.getRootTestDescriptor();
    Discovery discovery = discoveries.remove(new Root(root));
    if (discovery != null) {
      Optional<ConfigurationException> verdict = discovery.selection().verdict(discovery.report());
      if (verdict.isPresent()) {
        fail(request, verdict.get());
        return;
      }
      DiscoveryConsole.printSelection(discovery.configuration(), discovery.report());
    }
    DynamoConfiguration configuration =
        discovery != null
            ? discovery.configuration()
            : DynamoConfiguration.from(request.getConfigurationParameters());
    if (configuration.dryRun()) {
      DryRun.execute(request, configuration);
      return;
    }
    CoverageSettings coverageSettings;
    try {
      coverageSettings = CoverageSettings.from(request.getConfigurationParameters()::get);
    } catch (ConfigurationException e) {
      fail(request, e);
      return;
    }
    EngineExecutionListener listener =
        CoverageListener.wrap(
            request.getEngineExecutionListener(),
            root,
            configuration.reportsDir(),
            coverageSettings);
    StageBudget budget = budget();
    budget.activate(
        SchedulingSettings.from(request.getConfigurationParameters()::get, configuration.stages()));
    try {
      jupiter()
          .execute(
              listener == request.getEngineExecutionListener()
                  ? request
                  : ExecutionRequests.withListener(request, listener));
    } finally {
      budget.deactivate();
      if (listener instanceof CoverageListener coverage) {
        coverage.close();
      }
    }
  }

  /** Reports the run as failed before anything ran: a bad selection or configuration. */
  private static void fail(ExecutionRequest request, Throwable failure) {
    TestDescriptor root = request.getRootTestDescriptor();
    request.getEngineExecutionListener().executionStarted(root);
    request
        .getEngineExecutionListener()
        .executionFinished(root, TestExecutionResult.failed(failure));
  }

  private synchronized StageBudget budget() {
    if (budget == null) {
      budget = new StageBudget();
    }
    return budget;
  }

  /** A discovered tree, equal only to itself: descriptors compare by unique id. */
  private record Root(TestDescriptor descriptor) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Root root && root.descriptor == descriptor;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(descriptor);
    }
  }

  /** What discovery decided, kept for the execution of the same tree. */
  private record Discovery(
      DynamoConfiguration configuration, TestSelection selection, SelectionReport report) {}

  private synchronized TestEngine jupiter() {
    if (jupiter == null) {
      jupiter =
          ServiceLoader.load(TestEngine.class, DynamoTestEngine.class.getClassLoader()).stream()
              .map(ServiceLoader.Provider::get)
              .filter(engine -> engine.getId().equals(JUPITER_ENGINE_ID))
              .findFirst()
              .orElseThrow(
                  () ->
                      new JUnitException(
                          "The dynamo engine runs tests through JUnit Jupiter, but no engine with"
                              + " id 'junit-jupiter' is on the class path: add"
                              + " org.junit.jupiter:junit-jupiter-engine."));
    }
    return jupiter;
  }
}

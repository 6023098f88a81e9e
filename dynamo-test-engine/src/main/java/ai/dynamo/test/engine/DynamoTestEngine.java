package ai.dynamo.test.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import ai.dynamo.test.engine.affected.AffectedSelection;
import ai.dynamo.test.engine.affected.AffectedTests;
import ai.dynamo.test.engine.affected.MapRecorder;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.coverage.CoverageListener;
import ai.dynamo.test.engine.coverage.CoverageSettings;
import ai.dynamo.test.engine.environment.EnvironmentSettings;
import ai.dynamo.test.engine.plan.DryRun;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.plan.PlanRecorder;
import ai.dynamo.test.engine.run.DynamoRun;
import ai.dynamo.test.engine.scheduling.Scheduler;
import ai.dynamo.test.engine.scheduling.SchedulingSettings;
import ai.dynamo.test.engine.scheduling.StageBudget;
import ai.dynamo.test.engine.scheduling.gpu.EngineGpuScheduler;
import ai.dynamo.test.engine.selection.ExplicitSelection;
import ai.dynamo.test.engine.selection.SelectionReport;
import ai.dynamo.test.engine.selection.TestSelection;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apiguardian.api.API;
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
 * <p>Discovery is Jupiter's, under this engine's unique id and a root named {@value
 * DynamoEngineDescriptor#DISPLAY_NAME}; the tree it returns is pruned by {@link TestSelection},
 * then sharded and ordered by {@link Scheduler}. Execution is Jupiter's too, given the same
 * request, so every Jupiter feature and extension keeps working; while it executes, its run's
 * {@link StageBudget} decides whether tests may still start. The run's plan is recorded at
 * discovery; a dry run reports the selected tests as skipped instead of executing them. While this
 * engine takes part in a run, the {@code junit-jupiter} engine's copy of the same tests is filtered
 * out, so each test runs once.
 *
 * <p>The engine holds no state of a run: each discovery and execution belongs to a {@link
 * DynamoRun}, the launcher session's.
 */
@API(status = MAINTAINED, since = "0.1")
public final class DynamoTestEngine implements TestEngine {

  /** This engine's id, as in {@code [engine:dynamo]}. */
  public static final String ENGINE_ID = "dynamo";

  static final String JUPITER_ENGINE_ID = "junit-jupiter";

  private TestEngine jupiter;

  private final Discoveries<Discovery> discoveries = new Discoveries<>();

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
    // Without a launcher session (EngineTestKit) the tree is a run of its own.
    DynamoRun run = DynamoRun.discovering().orElseGet(DynamoRun::new);
    Discovery discovery;
    TestDescriptor root;
    try {
      DynamoConfiguration configuration = run.configuration(request.getConfigurationParameters());
      // Every value is checked now, before any test runs, whether or not a test uses it.
      CoverageSettings coverage = CoverageSettings.from(configuration::get);
      SchedulingSettings scheduling =
          SchedulingSettings.from(configuration::get, configuration.stages());
      EnvironmentSettings.from(configuration);
      EngineGpuScheduler.maxWait(configuration.get(Constants.GPU_WAIT));
      root = DynamoEngineDescriptor.around(jupiter().discover(request, uniqueId));
      PlanRecorder recorder = PlanRecorder.before(configuration, root);
      Optional<AffectedSelection> affected = AffectedTests.selection(configuration, root, run);
      TestSelection selection =
          new TestSelection(
              configuration,
              run.seen(),
              ExplicitSelection.of(request),
              scheduling.shard(),
              affected);
      SelectionReport report = selection.apply(root);
      run.launcherFilters().apply(root);
      run.console().noteUnclassified(report);
      Plan plan = recorder.record(report);
      run.plan(plan);
      new Scheduler(configuration, scheduling, System.out, run::firstTime).apply(root);
      discovery = new Discovery(run, configuration, coverage, scheduling, selection, report, plan);
    } catch (ConfigurationException e) {
      // Build tools show only "failed to discover tests"; the reason must reach the console too.
      System.err.println("[dynamo] ERROR: " + e.getMessage());
      throw e;
    }
    discoveries.put(root, discovery);
    return root;
  }

  @Override
  public void execute(ExecutionRequest request) {
    TestDescriptor root = request.getRootTestDescriptor();
    Optional<Discovery> discovered = discoveries.take(root);
    // The session's run; a tree discovered in another session (LauncherFactory.create() opens one
    // per request) or without one (EngineTestKit) executes in its discovery's run.
    DynamoRun run =
        DynamoRun.of(request).or(() -> discovered.map(Discovery::run)).orElseGet(DynamoRun::new);
    run.serve(request);
    Discovery discovery;
    try {
      discovery = discovered.orElseGet(() -> rediscovered(run, request));
    } catch (ConfigurationException e) {
      fail(request, e);
      return;
    }
    // Extensions read the configuration of the request executing now; discovery parsed it.
    run.executes(request.getConfigurationParameters(), discovery.configuration());
    if (discovered.isPresent()) {
      run.console().printUnclassified(discovery.configuration(), discovery.report());
      Optional<ConfigurationException> verdict = discovery.selection().verdict(discovery.report());
      if (verdict.isPresent()) {
        fail(request, verdict.get());
        return;
      }
      run.console().printSelection(discovery.configuration(), discovery.report());
      discovery.selection().affected().map(AffectedSelection::line).ifPresent(System.out::println);
      Optional<ConfigurationException> filtered =
          run.launcherFilters().verdict(root, discovery.configuration(), System.out);
      if (filtered.isPresent()) {
        fail(request, filtered.get());
        return;
      }
      run.plan(discovery.plan());
    }
    if (discovery.configuration().dryRun()) {
      DryRun.execute(request, run.plan());
      return;
    }
    Optional<MapRecorder> map = AffectedTests.recorder(discovery.configuration(), root);
    EngineExecutionListener listener =
        CoverageListener.wrap(
            request.getEngineExecutionListener(),
            root,
            discovery.configuration().reportsDir(),
            discovery.coverage(),
            run.coverage(),
            discovery.configuration().classificationRules(),
            map.map(recorder -> recorder));
    StageBudget budget = run.budget();
    budget.activate(discovery.scheduling());
    try {
      executeInJupiter(request, root, listener);
    } finally {
      if (listener instanceof CoverageListener coverage) {
        coverage.close();
      }
      map.ifPresent(
          recorder ->
              AffectedTests.write(
                  recorder,
                  discovery.configuration(),
                  root,
                  run,
                  discovery.scheduling().shard().isPresent()));
    }
  }

  private void executeInJupiter(
      ExecutionRequest request, TestDescriptor root, EngineExecutionListener listener) {
    if (root instanceof DynamoEngineDescriptor dynamo) {
      dynamo.lendToJupiter(
          listener,
          lent -> jupiter().execute(ExecutionRequests.with(request, lent.root(), lent.listener())));
    } else {
      jupiter()
          .execute(
              listener == request.getEngineExecutionListener()
                  ? request
                  : ExecutionRequests.with(request, root, listener));
    }
  }

  /**
   * What execution needs of a tree this engine did not discover (a tree built by hand): its
   * configuration, with no selection to judge.
   */
  private static Discovery rediscovered(DynamoRun run, ExecutionRequest request) {
    DynamoConfiguration configuration = run.configuration(request.getConfigurationParameters());
    return new Discovery(
        run,
        configuration,
        CoverageSettings.from(configuration::get),
        SchedulingSettings.from(configuration::get, configuration.stages()),
        null,
        null,
        null);
  }

  /** Reports the run as failed before anything ran: a bad selection or configuration. */
  private static void fail(ExecutionRequest request, Throwable failure) {
    TestDescriptor root = request.getRootTestDescriptor();
    request.getEngineExecutionListener().executionStarted(root);
    request
        .getEngineExecutionListener()
        .executionFinished(root, TestExecutionResult.failed(failure));
  }

  /** What discovery decided, kept for the execution of the same tree. */
  private record Discovery(
      DynamoRun run,
      DynamoConfiguration configuration,
      CoverageSettings coverage,
      SchedulingSettings scheduling,
      TestSelection selection,
      SelectionReport report,
      Plan plan) {}

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

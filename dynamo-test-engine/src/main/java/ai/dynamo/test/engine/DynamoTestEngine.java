package ai.dynamo.test.engine;

import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.scheduling.Scheduler;
import ai.dynamo.test.engine.scheduling.SchedulingSettings;
import ai.dynamo.test.engine.scheduling.StageBudget;
import ai.dynamo.test.engine.selection.DiscoveryConsole;
import ai.dynamo.test.engine.selection.SelectionReport;
import ai.dynamo.test.engine.selection.TestSelection;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.platform.commons.JUnitException;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.UniqueId;

/**
 * The {@code dynamo} test engine: Jupiter, with tests selected by stage, type and labels.
 *
 * <p>Discovery is Jupiter's, under this engine's unique id; the tree it returns is pruned by {@link
 * TestSelection}, then sharded and ordered by {@link Scheduler}. While it executes, its {@link
 * StageBudget} decides whether tests may still start. Execution is Jupiter's too, given the same
 * request, so every Jupiter feature and extension keeps working. While this engine takes part in a
 * run, the {@code junit-jupiter} engine's copy of the same tests is filtered out, so each test runs
 * once.
 */
public final class DynamoTestEngine implements TestEngine {

  /** This engine's id, as in {@code [engine:dynamo]}. */
  public static final String ENGINE_ID = "dynamo";

  static final String JUPITER_ENGINE_ID = "junit-jupiter";

  private TestEngine jupiter;
  private StageBudget budget;

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
    DynamoConfiguration configuration =
        DynamoConfiguration.from(request.getConfigurationParameters());
    TestDescriptor root = jupiter().discover(request, uniqueId);
    SelectionReport report = new TestSelection(configuration).apply(root);
    DiscoveryConsole.print(configuration, report);
    new Scheduler(configuration, System.out).apply(root);
    return root;
  }

  @Override
  public void execute(ExecutionRequest request) {
    DynamoConfiguration configuration =
        DynamoConfiguration.from(request.getConfigurationParameters());
    StageBudget budget = budget();
    budget.activate(
        SchedulingSettings.from(request.getConfigurationParameters()::get, configuration.stages()));
    try {
      jupiter().execute(request);
    } finally {
      budget.deactivate();
    }
  }

  private synchronized StageBudget budget() {
    if (budget == null) {
      budget = new StageBudget();
    }
    return budget;
  }

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

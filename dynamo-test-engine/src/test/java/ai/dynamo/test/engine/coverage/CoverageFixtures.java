package ai.dynamo.test.engine.coverage;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.E2E;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Tests of two types over {@link CoverageSubject}, and a main that runs them through the Launcher
 * in a JVM with the JaCoCo agent, printing how the engine's root ended: {@code CoverageFixtures
 * <reportsDir> <classesDir> <minimumUnit> [<dynamo.stage> [<key>=<value>...]]} (a blank stage
 * selects every test).
 */
final class CoverageFixtures {

  private CoverageFixtures() {}

  /** A unit test reaching {@code a}'s four lines and one of its two branches. */
  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class UnitCallsA {
    @Test
    void positive() {
      CoverageSubject.a(1);
    }
  }

  /** An e2e test reaching {@code b}'s four lines and both its branches. */
  @Stage(PRE_MERGE)
  @TestType(E2E)
  static class E2eCallsB {
    @Test
    void withFlag() {
      CoverageSubject.b(true);
    }

    @Test
    void withoutFlag() {
      CoverageSubject.b(false);
    }
  }

  /** The {@code key=value} arguments after the stage. */
  private static Map<String, String> parameters(String[] args) {
    Map<String, String> parameters = new java.util.HashMap<>();
    for (int i = 4; i < args.length; i++) {
      parameters.put(
          args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
    }
    return parameters;
  }

  public static void main(String[] args) {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(UnitCallsA.class), selectClass(E2eCallsB.class))
                .filters(EngineFilter.includeEngines("dynamo"))
                .configurationParameter("dynamo.reports.dir", args[0])
                .configurationParameter("dynamo.coverage.classes", args[1])
                .configurationParameter("dynamo.coverage.minimum.unit", args[2])
                .configurationParameters(
                    args.length > 3 ? Map.of("dynamo.stage", args[3]) : Map.of())
                .configurationParameters(parameters(args))
                .build(),
            summary,
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.getParentIdObject().isEmpty()) {
                  System.out.println(
                      "[fixture] engine "
                          + id.getUniqueId()
                          + " "
                          + result.getStatus()
                          + result.getThrowable().map(t -> ": " + t).orElse(""));
                }
              }
            });
    System.exit(summary.getSummary().getTestsSucceededCount() == 3 ? 0 : 1);
  }
}

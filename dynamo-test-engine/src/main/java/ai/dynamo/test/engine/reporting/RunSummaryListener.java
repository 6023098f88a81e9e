package ai.dynamo.test.engine.reporting;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.DynamoTestEngine;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.TestLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the run summary of the {@code dynamo} engine's tests when a test plan ends: what ran by
 * stage and type, what failed, and what was skipped and why. Registered through {@code
 * ServiceLoader}, so it works under Surefire, in an IDE and with the ConsoleLauncher; {@code
 * dynamo.summary=false} turns it off.
 */
public final class RunSummaryListener implements TestExecutionListener {

  private TestPlan plan;
  private boolean active;
  private String selection = "";
  private final List<TestRecord> records = new ArrayList<>();

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    records.clear();
    active =
        testPlan.getRoots().stream().anyMatch(RunSummaryListener::isDynamo)
            && !"false"
                .equalsIgnoreCase(
                    testPlan.getConfigurationParameters().get(Constants.SUMMARY).orElse("true"));
    if (active) {
      selection =
          DynamoConfiguration.from(testPlan.getConfigurationParameters()::get).describeSelection();
    }
  }

  @Override
  public void executionSkipped(TestIdentifier identifier, String reason) {
    if (!active || !isDynamo(identifier)) {
      return;
    }
    if (isMethodLevel(identifier) || identifier.isTest()) {
      record(identifier, Outcome.SKIPPED, reason);
      return;
    }
    for (TestIdentifier descendant : plan.getDescendants(identifier)) {
      if (isMethodLevel(descendant)) {
        record(descendant, Outcome.SKIPPED, reason);
      }
    }
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    if (!active || !isDynamo(identifier)) {
      return;
    }
    String message = result.getThrowable().map(RunSummaryListener::message).orElse("");
    switch (result.getStatus()) {
      case SUCCESSFUL -> {
        if (identifier.isTest()) {
          record(identifier, Outcome.PASSED, "");
        }
      }
      case ABORTED -> {
        if (identifier.isTest()) {
          record(identifier, Outcome.ABORTED, message);
        }
      }
      case FAILED -> record(identifier, Outcome.FAILED, message);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (active) {
      new RunSummary(selection, records).print(System.out);
    }
    active = false;
  }

  private void record(TestIdentifier identifier, Outcome outcome, String detail) {
    Optional<TestIdentifier> method = methodLevel(identifier);
    TestLabels labels =
        method
            .flatMap(m -> m.getSource())
            .flatMap(source -> LabelResolver.forSource(source, identifier.getTags()))
            .or(
                () ->
                    identifier
                        .getSource()
                        .flatMap(source -> LabelResolver.forSource(source, identifier.getTags())))
            .orElse(null);
    if (labels == null) {
      return;
    }
    String name =
        method
            .filter(m -> m.getSource().orElse(null) instanceof MethodSource)
            .map(
                m -> {
                  MethodSource source = (MethodSource) m.getSource().get();
                  String base =
                      LabelResolver.describe(source.getJavaClass(), source.getJavaMethod());
                  return m.equals(identifier) ? base : base + " " + identifier.getDisplayName();
                })
            .orElse(identifier.getLegacyReportingName());
    records.add(new TestRecord(name, labels, outcome, detail));
  }

  private Optional<TestIdentifier> methodLevel(TestIdentifier identifier) {
    Optional<TestIdentifier> current = Optional.of(identifier);
    while (current.isPresent()) {
      if (isMethodLevel(current.get())) {
        return current;
      }
      current = plan.getParent(current.get());
    }
    return Optional.empty();
  }

  private boolean isMethodLevel(TestIdentifier identifier) {
    return identifier.getSource().orElse(null) instanceof MethodSource
        && plan.getParent(identifier)
            .map(parent -> !(parent.getSource().orElse(null) instanceof MethodSource))
            .orElse(true);
  }

  private static boolean isDynamo(TestIdentifier identifier) {
    return identifier
        .getUniqueIdObject()
        .getEngineId()
        .filter(DynamoTestEngine.ENGINE_ID::equals)
        .isPresent();
  }

  private static String message(Throwable throwable) {
    String message = throwable.getMessage();
    return throwable.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
  }
}

package ai.dynamo.test.engine.run;

import ai.dynamo.test.engine.history.HistoryListener;
import ai.dynamo.test.engine.report.RunSummaryListener;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The run's launcher listeners, in the order the run needs them: the history first, then the
 * summary, so that when a test plan ends the history has recorded it and found its flip candidates
 * before the summary is built from them.
 */
final class RunListener implements TestExecutionListener {

  private final List<TestExecutionListener> listeners;

  RunListener(DynamoRun run) {
    this.listeners = List.of(new HistoryListener(run), new RunSummaryListener(run));
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    listeners.forEach(listener -> listener.testPlanExecutionStarted(testPlan));
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    listeners.forEach(listener -> listener.testPlanExecutionFinished(testPlan));
  }

  @Override
  public void dynamicTestRegistered(TestIdentifier identifier) {
    listeners.forEach(listener -> listener.dynamicTestRegistered(identifier));
  }

  @Override
  public void executionSkipped(TestIdentifier identifier, String reason) {
    listeners.forEach(listener -> listener.executionSkipped(identifier, reason));
  }

  @Override
  public void executionStarted(TestIdentifier identifier) {
    listeners.forEach(listener -> listener.executionStarted(identifier));
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    listeners.forEach(listener -> listener.executionFinished(identifier, result));
  }

  @Override
  public void reportingEntryPublished(TestIdentifier identifier, ReportEntry entry) {
    listeners.forEach(listener -> listener.reportingEntryPublished(identifier, entry));
  }

  @Override
  public void fileEntryPublished(TestIdentifier identifier, FileEntry file) {
    listeners.forEach(listener -> listener.fileEntryPublished(identifier, file));
  }
}

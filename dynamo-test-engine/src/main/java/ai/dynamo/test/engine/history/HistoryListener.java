package ai.dynamo.test.engine.history;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.TestLabels;
import ai.dynamo.test.engine.launcher.DynamoTestPlan;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records how long each test and each top-level class of the {@code dynamo} engine took, and how it
 * ended, into the history ({@code dynamo.history}) when the test plan ends. Registered through
 * {@code ServiceLoader}, so it runs under Surefire, in an IDE and with the ConsoleLauncher; {@code
 * dynamo.history=off} turns it off. A history that cannot be written is reported, never fatal.
 */
public final class HistoryListener implements TestExecutionListener {

  private TestPlan plan;
  private Optional<HistoryStore> store = Optional.empty();
  private boolean sharded;
  private final Map<String, Long> started = new HashMap<>();
  private final Set<String> failedClasses = new HashSet<>();
  private final List<HistoryRecord> records = new ArrayList<>();
  private String run;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    started.clear();
    failedClasses.clear();
    records.clear();
    run = UUID.randomUUID().toString();
    store =
        testPlan.getRoots().stream().anyMatch(DynamoTestPlan::isDynamo)
            ? HistorySettings.store(testPlan.getConfigurationParameters()::get, anchor(testPlan))
            : Optional.empty();
    sharded =
        testPlan
            .getConfigurationParameters()
            .get(Constants.SHARD)
            .filter(v -> !v.isBlank())
            .isPresent();
  }

  @Override
  public synchronized void executionStarted(TestIdentifier identifier) {
    if (store.isPresent() && (isMethodLevel(identifier) || isTopLevelClass(identifier))) {
      started.put(identifier.getUniqueId(), System.nanoTime());
    }
  }

  @Override
  public synchronized void executionFinished(
      TestIdentifier identifier, TestExecutionResult result) {
    Long start = started.remove(identifier.getUniqueId());
    if (store.isEmpty()) {
      return;
    }
    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
      topLevelClass(identifier).ifPresent(c -> failedClasses.add(c.getUniqueId()));
    }
    if (start == null) {
      return;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long now = System.currentTimeMillis();
    Outcome outcome =
        switch (result.getStatus()) {
          case SUCCESSFUL -> Outcome.PASSED;
          case ABORTED -> Outcome.ABORTED;
          case FAILED -> Outcome.FAILED;
        };
    if (identifier.getSource().orElse(null) instanceof MethodSource source) {
      records.add(
          HistoryRecord.test(
              run,
              now,
              LabelResolver.describe(source.getJavaClass(), source.getJavaMethod()),
              millis,
              outcome));
    } else if (identifier.getSource().orElse(null) instanceof ClassSource source) {
      TestLabels labels = LabelResolver.forClass(source.getJavaClass(), Set.of());
      if (failedClasses.contains(identifier.getUniqueId())) {
        outcome = Outcome.FAILED;
      }
      records.add(
          new HistoryRecord(
              run,
              now,
              Scope.CLASS,
              source.getClassName(),
              millis,
              outcome,
              labels.stages().stream().map(LabelNames::of).collect(Collectors.joining(",")),
              labels.kind().map(LabelNames::of).orElse("")));
    }
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
    if (store.isPresent() && !records.isEmpty()) {
      try {
        store.get().write(List.copyOf(records), sharded);
      } catch (UncheckedIOException e) {
        System.out.println("[dynamo] WARNING: test history not recorded: " + e.getMessage());
      }
    }
    store = Optional.empty();
    records.clear();
  }

  /** A test class of the plan, to find the build directory the history lives in. */
  private static Optional<Class<?>> anchor(TestPlan plan) {
    for (TestIdentifier root : plan.getRoots()) {
      if (!DynamoTestPlan.isDynamo(root)) {
        continue;
      }
      for (TestIdentifier child : plan.getChildren(root)) {
        if (child.getSource().orElse(null) instanceof ClassSource source) {
          return Optional.of(source.getJavaClass());
        }
      }
    }
    return Optional.empty();
  }

  private boolean isMethodLevel(TestIdentifier identifier) {
    return DynamoTestPlan.isMethodLevel(plan, identifier) && DynamoTestPlan.isDynamo(identifier);
  }

  private boolean isTopLevelClass(TestIdentifier identifier) {
    return identifier.getSource().orElse(null) instanceof ClassSource
        && plan.getParent(identifier).map(p -> p.getParentIdObject().isEmpty()).orElse(false)
        && DynamoTestPlan.isDynamo(identifier);
  }

  private Optional<TestIdentifier> topLevelClass(TestIdentifier identifier) {
    Optional<TestIdentifier> current = Optional.of(identifier);
    while (current.isPresent() && !isTopLevelClass(current.get())) {
      current = plan.getParent(current.get());
    }
    return current;
  }
}

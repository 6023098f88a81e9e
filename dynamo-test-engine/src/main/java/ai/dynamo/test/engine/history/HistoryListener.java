package ai.dynamo.test.engine.history;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Flaky;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import ai.dynamo.test.engine.labels.ClassificationRules;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.TestLabels;
import ai.dynamo.test.engine.launcher.DynamoTestPlan;
import ai.dynamo.test.engine.run.DynamoRun;
import ai.dynamo.test.engine.scheduling.ShardSpec;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records how long each test and each top-level class of the {@code dynamo} engine took, how it
 * ended, and the code revision it ran at, into the history ({@code dynamo.history}) when the test
 * plan ends; then prints the tests of this run that are {@link FlipCandidates flip candidates}.
 * Registered by its run's launcher session, so it runs under Surefire, in an IDE and with the
 * ConsoleLauncher; {@code dynamo.history=off} turns it off, and a dry run records nothing. A
 * history that cannot be written is reported, never fatal.
 *
 * <p>A test that published the {@code dynamo.flaky} report entry (it failed, then passed on a retry
 * of {@code @Flaky}) and then passed is recorded as {@link Outcome#FLAKY}, not as passed.
 *
 * <p>The candidates it prints are also published to its run ({@link DynamoRun#flipCandidates}), for
 * the run summary ({@code summary.md}, {@code summary.json}, {@code report.html}): the run's
 * listener ends this listener before the summary's. The summary cannot compute them itself from the
 * history files, since it would not know the revision this listener detected.
 *
 * <pre>{@code
 * TestExecutionListener history = new HistoryListener(run);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class HistoryListener implements TestExecutionListener {

  /** Flip candidates printed at the end of a run before the rest are only counted. */
  static final int MAX_CANDIDATE_LINES = 10;

  private final DynamoRun dynamoRun;

  /** Git's answer per working directory: a run asks once, not once per test plan. */
  private final Map<Path, String> fromGit = new HashMap<>();

  private TestPlan plan;
  private boolean dynamo;
  private Optional<HistoryStore> store = Optional.empty();
  private boolean sharded;
  private final Map<String, Long> started = new HashMap<>();
  private final Set<String> failedClasses = new HashSet<>();
  private final Set<String> flaky = new HashSet<>();
  private final List<HistoryRecord> records = new ArrayList<>();
  private String run;
  private String revision = "";

  /** The history listener of {@code run}. */
  public HistoryListener(DynamoRun run) {
    this.dynamoRun = run;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    started.clear();
    failedClasses.clear();
    flaky.clear();
    records.clear();
    run = UUID.randomUUID().toString();
    dynamo = testPlan.getRoots().stream().anyMatch(DynamoTestPlan::isDynamo);
    // A dry run executes class containers whose tests it skips: their durations are no record.
    boolean dryRun = dynamoRun.configuration().map(DynamoConfiguration::dryRun).orElse(false);
    store =
        dynamo && !dryRun
            ? HistorySettings.store(testPlan.getConfigurationParameters()::get, anchor(testPlan))
            : Optional.empty();
    // A shard, by dynamo.shard or by a CI runner's sharding variables: its records wait.
    sharded =
        dynamo
            && ShardSpec.resolve(
                    testPlan.getConfigurationParameters().get(Constants.SHARD), System::getenv)
                .isPresent();
    // Without a history git is not asked: the revision given or CI's is still the summary's.
    revision =
        dynamo
            ? Revision.detect(
                testPlan.getConfigurationParameters()::get,
                System::getenv,
                Path.of(""),
                store.isPresent()
                    ? directory -> fromGit.computeIfAbsent(directory, Revision::git)
                    : directory -> "")
            : "";
    if (dynamo) {
      dynamoRun.revision(revision);
    }
  }

  @Override
  public synchronized void reportingEntryPublished(TestIdentifier identifier, ReportEntry entry) {
    if (store.isPresent() && entry.getKeyValuePairs().containsKey(Flaky.REPORT_ENTRY)) {
      // Published on the invocation; the record is of the method, its invocations included.
      for (Optional<TestIdentifier> current = Optional.of(identifier);
          current.isPresent();
          current = plan.getParent(current.get())) {
        flaky.add(current.get().getUniqueId());
      }
    }
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
          case SUCCESSFUL ->
              flaky.contains(identifier.getUniqueId()) && isMethodLevel(identifier)
                  ? Outcome.FLAKY
                  : Outcome.PASSED;
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
              outcome,
              revision));
    } else if (identifier.getSource().orElse(null) instanceof ClassSource source) {
      TestLabels labels =
          LabelResolver.forClass(
              source.getJavaClass(),
              Set.of(),
              dynamoRun
                  .configuration()
                  .map(DynamoConfiguration::classificationRules)
                  .orElse(ClassificationRules.NONE));
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
              labels.kind().map(LabelNames::of).orElse(""),
              revision));
    }
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
    List<FlipCandidates.Candidate> candidates = List.of();
    if (store.isPresent() && !records.isEmpty()) {
      // Read before writing: discovery read the same files in this JVM, so this is a cache hit.
      DurationHistory before = store.get().readAll();
      try {
        store.get().write(List.copyOf(records), sharded);
      } catch (UncheckedIOException e) {
        System.out.println("[dynamo] WARNING: test history not recorded: " + e.getMessage());
      }
      candidates = flipCandidates(before);
      FlipCandidates.lines(candidates, MAX_CANDIDATE_LINES).forEach(System.out::println);
    }
    if (dynamo) {
      dynamoRun.flipCandidates(candidates);
    }
    dynamo = false;
    store = Optional.empty();
    records.clear();
  }

  /** The flip candidates among the tests this run executed, history and this run merged. */
  private List<FlipCandidates.Candidate> flipCandidates(DurationHistory before) {
    if (!Revision.isComparable(revision)) {
      // This run's records cannot make a candidate; older candidates were reported when they ran.
      return List.of();
    }
    // Only the tests of this run: a shard must not repeat the candidates of the other shards.
    List<HistoryRecord> merged = new ArrayList<>();
    for (HistoryRecord record : records) {
      if (record.scope() == Scope.TEST) {
        merged.add(record);
        before.ofTest(record.key()).ifPresent(stats -> merged.addAll(stats.executions()));
      }
    }
    int window = before.window() > 0 ? before.window() : HistorySettings.DEFAULT_WINDOW;
    return List.copyOf(FlipCandidates.in(DurationHistory.of(merged, window)));
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

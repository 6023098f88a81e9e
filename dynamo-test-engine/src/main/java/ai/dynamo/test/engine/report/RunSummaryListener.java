package ai.dynamo.test.engine.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Flaky;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.coverage.CoverageReport;
import ai.dynamo.test.engine.coverage.CoverageResult;
import ai.dynamo.test.engine.history.HistoryListener;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.TestLabels;
import ai.dynamo.test.engine.launcher.DynamoTestPlan;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.report.SummaryBuilder.BudgetSetting;
import ai.dynamo.test.engine.run.DynamoRun;
import ai.dynamo.test.engine.scheduling.SchedulingSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Reports the run of the {@code dynamo} engine's tests when a test plan ends: prints the summary
 * (what ran by stage and type, what failed, what was skipped and why) and writes {@code
 * summary.md}, {@code summary.json} and {@code report.html} into the reports directory ({@code
 * dynamo.reports.dir}). Registered by its run's launcher session, so it works under Surefire, in an
 * IDE and with the ConsoleLauncher; {@code dynamo.summary=false} turns the console output off.
 *
 * <p>What discovery excluded comes from the plan the engine recorded in the run. The flip
 * candidates come from the run too: the run's listener ends the {@link HistoryListener} first,
 * which records the run into the history and publishes them before this one builds the summary.
 *
 * <pre>{@code
 * TestExecutionListener summary = new RunSummaryListener(run);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class RunSummaryListener implements TestExecutionListener {

  private final DynamoRun run;

  private TestPlan plan;
  private boolean active;
  private boolean print;
  private String selection = "";
  private DynamoConfiguration configuration;
  private Plan discovered;
  private Set<String> inRun;
  private Instant startedAt;
  private long startedNanos;
  private final List<TestRecord> records = new ArrayList<>();
  private final Map<String, Origin> origins = new HashMap<>();
  private final Map<String, Integer> passed = new HashMap<>();
  private final Map<String, Long> starts = new HashMap<>();
  private ProgressLine progress;
  private long failures;
  private long aborted;
  private final Set<String> ended = new HashSet<>();

  /** Per container aborted as a whole ({@code @BeforeAll}), how many of its tests it aborted. */
  private final List<Long> abortedAsAWhole = new ArrayList<>();

  private final Map<String, String> flaky = new java.util.concurrent.ConcurrentHashMap<>();

  /** The summary of {@code run}. */
  public RunSummaryListener(DynamoRun run) {
    this.run = run;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    records.clear();
    origins.clear();
    passed.clear();
    starts.clear();
    flaky.clear();
    active = testPlan.getRoots().stream().anyMatch(DynamoTestPlan::isDynamo);
    if (!active) {
      return;
    }
    print =
        !"false"
            .equalsIgnoreCase(
                testPlan.getConfigurationParameters().get(Constants.SUMMARY).orElse("true"));
    configuration = run.configuration(testPlan.getConfigurationParameters());
    selection = configuration.describeSelection();
    startedAt = Instant.now();
    startedNanos = System.nanoTime();
    discovered = run.plan().orElse(null);
    inRun = new HashSet<>();
    int planned = 0;
    for (TestIdentifier root : testPlan.getRoots()) {
      for (TestIdentifier descendant : testPlan.getDescendants(root)) {
        if (isMethodLevel(descendant)) {
          MethodSource source = (MethodSource) descendant.getSource().orElseThrow();
          inRun.add(LabelResolver.describe(source.getJavaClass(), source.getJavaMethod()));
          planned++;
        }
      }
    }
    failures = 0;
    aborted = 0;
    ended.clear();
    abortedAsAWhole.clear();
    run.coverage().clear();
    // Only recorded durations make an estimate: a guess by test type is no plan.
    Map<String, Long> recorded = new HashMap<>();
    if (discovered != null) {
      discovered.tests().stream()
          .filter(test -> Plan.PlannedTest.FROM_HISTORY.equals(test.expectedFrom()))
          .filter(test -> test.expectedMillis() != null && inRun.contains(test.name()))
          .forEach(test -> recorded.put(test.name(), test.expectedMillis()));
    }
    progress =
        new ProgressLine(
            recorded, planned, configuration.progressSeconds(), System::nanoTime, System.out);
  }

  @Override
  public void executionStarted(TestIdentifier identifier) {
    if (active && identifier.isTest()) {
      starts.put(identifier.getUniqueId(), System.nanoTime());
    }
  }

  @Override
  public void executionSkipped(TestIdentifier identifier, String reason) {
    if (!active || !DynamoTestPlan.isDynamo(identifier)) {
      return;
    }
    if (isMethodLevel(identifier) || identifier.isTest()) {
      record(identifier, Outcome.SKIPPED, reason);
      ended(identifier);
      return;
    }
    notRun(identifier, Outcome.SKIPPED, reason);
  }

  /** Records the method-level tests under {@code container} that did not run, with its outcome. */
  private void notRun(TestIdentifier container, Outcome outcome, String reason) {
    for (TestIdentifier descendant : plan.getDescendants(container)) {
      if (isMethodLevel(descendant) && !ended.contains(descendant.getUniqueId())) {
        record(descendant, outcome, reason);
        ended(descendant);
      }
    }
  }

  /** Counts {@code identifier} as ended for the progress line. */
  private void ended(TestIdentifier identifier) {
    if (identifier.isTest()) {
      progress.testFinished();
    }
    if (isMethodLevel(identifier)) {
      ended.add(identifier.getUniqueId());
      progress.methodFinished(planName(identifier));
    }
  }

  /** {@code @Flaky}'s report entry: the test passed only after failing. */
  @Override
  public void reportingEntryPublished(TestIdentifier identifier, ReportEntry entry) {
    String text = entry.getKeyValuePairs().get(Flaky.REPORT_ENTRY);
    if (active && text != null) {
      flaky.put(identifier.getUniqueId(), text);
    }
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    if (!active || !DynamoTestPlan.isDynamo(identifier)) {
      return;
    }
    String message = result.getThrowable().map(RunSummaryListener::message).orElse("");
    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
      failures++;
    } else if (result.getStatus() == TestExecutionResult.Status.ABORTED && identifier.isTest()) {
      aborted++;
    }
    ended(identifier);
    switch (result.getStatus()) {
      case SUCCESSFUL -> {
        String flakyText = flaky.remove(identifier.getUniqueId());
        if (identifier.isTest()) {
          record(
              identifier,
              flakyText == null ? Outcome.PASSED : Outcome.FLAKY,
              flakyText == null ? "" : flakyText);
        }
      }
      case ABORTED -> {
        if (identifier.isTest()) {
          record(identifier, Outcome.ABORTED, message);
        } else {
          // A class aborted in @BeforeAll: its tests never started, and must not vanish.
          long before = records.size();
          notRun(identifier, Outcome.ABORTED, message);
          aborted += records.size() - before;
          abortedAsAWhole.add(records.size() - before);
        }
      }
      case FAILED -> record(identifier, Outcome.FAILED, message);
    }
    if (!isMethodLevel(identifier) && identifier.getSource().orElse(null) instanceof ClassSource) {
      progress.classEnded(failures, aborted);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (!active) {
      return;
    }
    active = false;
    long finishing = System.nanoTime();
    if (discovered == null) {
      // Discovered in another launcher session (a launcher made by LauncherFactory.create() opens
      // one per request): the engine handed the plan to this run when it executed.
      discovered = run.plan().orElse(null);
    }
    if (print) {
      new RunSummary(selection, records, configuration.dryRun())
          .print(System.out, countedUnlikeSurefire());
    }
    long elapsed = (System.nanoTime() - startedNanos) / 1_000_000;
    Optional<CoverageResult> coverage = run.coverage().take();
    Summary.CodeCoverage codeCoverage = coverage(coverage);
    Summary summary =
        SummaryBuilder.build(
            discovered,
            records,
            inRun,
            selection,
            configuration.dryRun(),
            startedAt,
            elapsed,
            budget(testPlan),
            codeCoverage,
            run.takeFlipCandidates());
    Path dir = configuration.reportsDir();
    ReportFiles.Written written = ReportFiles.write(dir, summary, discovered);
    // A report that cannot be written must not turn a green run red, nor cost the other reports.
    written.failures().forEach(failure -> System.err.println("[dynamo] " + failure.describe()));
    if (print) {
      if (!written.written().isEmpty()) {
        System.out.println(
            "[dynamo] Reports: "
                + dir.toAbsolutePath().normalize()
                + "/{"
                + written.written().stream()
                    .map(file -> file.getFileName().toString())
                    .collect(Collectors.joining(", "))
                + "} (written in "
                + (System.nanoTime() - finishing) / 1_000_000
                + " ms)");
      }
      System.out.println(
          coverage
              .map(c -> "[dynamo] Coverage: " + c.directory().toAbsolutePath().normalize())
              .orElse("[dynamo] Coverage: " + run.coverage().notMeasured()));
    }
  }

  /**
   * Why this run's total differs from Surefire's, if it does: the tests of a class aborted in
   * {@code @BeforeAll} are counted one by one here, where Surefire counts the class once.
   */
  private String countedUnlikeSurefire() {
    long tests = abortedAsAWhole.stream().mapToLong(Long::longValue).sum();
    if (tests == 0) {
      return "";
    }
    int containers = abortedAsAWhole.size();
    return tests
        + (tests == 1 ? " test" : " tests")
        + " of "
        + containers
        + (containers == 1 ? " class" : " classes")
        + " aborted in @BeforeAll "
        + (tests == 1 ? "is" : "are")
        + " counted one by one; Surefire counts each such class as 1 test, so its total is "
        + (tests - containers)
        + " lower";
  }

  /** The budget {@code dynamo.budget} or {@code dynamo.budget.<stage>} sets, if any. */
  private BudgetSetting budget(TestPlan testPlan) {
    try {
      SchedulingSettings settings =
          SchedulingSettings.from(
              testPlan.getConfigurationParameters()::get, configuration.stages());
      return settings
          .budget()
          .map(b -> new BudgetSetting(b.toMillis(), settings.budgetSource()))
          .orElse(BudgetSetting.NONE);
    } catch (RuntimeException e) {
      // Discovery has reported a bad budget already.
      return BudgetSetting.NONE;
    }
  }

  /**
   * Prints the coverage by test type the engine measured and returns it for the summaries; the
   * engine has already failed the run for a type below its {@code dynamo.coverage.minimum.<type>}.
   */
  private Summary.CodeCoverage coverage(Optional<CoverageResult> result) {
    if (result.isEmpty()) {
      return SummaryBuilder.coverageNotMeasured(run.coverage().notMeasured(), List.of());
    }
    CoverageResult coverage = result.get();
    coverage.belowMinimum().forEach(line -> System.err.println("[dynamo] ERROR " + line));
    if (coverage.report().isEmpty()) {
      System.err.println("[dynamo] " + coverage.problem().orElse(""));
      return SummaryBuilder.coverageNotMeasured(
          coverage.problem().orElse(""), coverage.belowMinimum());
    }
    CoverageReport report = coverage.report().get();
    Summary.CodeCoverage summary = SummaryBuilder.codeCoverage(report, coverage.minimums());
    if (print) {
      // In the summary's order (unit, integration, e2e, ...). Code run while no test ran, or by
      // several types at once, is in no type: combined only.
      for (Summary.TypeCoverage type : summary.types()) {
        System.out.println(
            "[dynamo] Coverage "
                + type.type()
                + ": "
                + report.byType().get(type.type()).describe());
      }
      System.out.println("[dynamo] Coverage combined: " + report.combined().describe());
    }
    return summary;
  }

  private void record(TestIdentifier identifier, Outcome outcome, String detail) {
    Optional<TestIdentifier> method = methodLevel(identifier);
    Origin origin =
        method.isPresent()
            ? origins.computeIfAbsent(
                method.get().getUniqueId(), id -> origin(method.get(), identifier))
            : origin(null, identifier);
    if (origin.labels() == null) {
      return;
    }
    Long started = starts.remove(identifier.getUniqueId());
    long millis = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    boolean invocation = origin.method() != null && !method.get().equals(identifier);
    if (invocation && outcome == Outcome.PASSED) {
      // Passed invocations of a method are counted together: reports that list each of 100,000
      // passed invocations neither scale nor help. Any other outcome keeps its own record.
      Integer at = passed.putIfAbsent(origin.method(), records.size());
      if (at != null) {
        TestRecord counted = records.get(at);
        records.set(
            at,
            (counted.invocations() == 1 ? counted.passedInvocations() : counted)
                .plusInvocation(millis));
        return;
      }
    }
    String name =
        origin.method() == null
            ? identifier.getLegacyReportingName()
            : invocation ? origin.method() + " " + identifier.getDisplayName() : origin.method();
    records.add(
        new TestRecord(
            name, origin.method(), origin.className(), origin.labels(), outcome, detail, millis));
  }

  /**
   * What the records of one method-level test share, resolved once per method.
   *
   * @param labels its classification, {@code null} when it has no source to resolve it from
   * @param method {@code com.example.FooTest#bar()}, {@code null} when there is no method
   * @param className its class
   */
  private record Origin(TestLabels labels, String method, String className) {}

  private Origin origin(TestIdentifier method, TestIdentifier identifier) {
    Optional<TestIdentifier> methodLevel = Optional.ofNullable(method);
    TestLabels labels =
        methodLevel
            .flatMap(m -> m.getSource())
            .flatMap(
                source ->
                    LabelResolver.forSource(
                        source, identifier.getTags(), configuration.classificationRules()))
            .or(
                () ->
                    identifier
                        .getSource()
                        .flatMap(
                            source ->
                                LabelResolver.forSource(
                                    source,
                                    identifier.getTags(),
                                    configuration.classificationRules())))
            .orElse(null);
    Optional<MethodSource> methodSource =
        methodLevel.flatMap(TestIdentifier::getSource).map(source -> (MethodSource) source);
    String base =
        methodSource
            .map(source -> LabelResolver.describe(source.getJavaClass(), source.getJavaMethod()))
            .orElse(null);
    String className =
        methodSource
            .map(MethodSource::getClassName)
            .or(
                () ->
                    identifier
                        .getSource()
                        .filter(ClassSource.class::isInstance)
                        .map(source -> ((ClassSource) source).getClassName()))
            .orElse(identifier.getLegacyReportingName());
    return new Origin(labels, base, className);
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

  /** {@code com.example.FooTest#bar()}, as the plan names a method-level test. */
  private static String planName(TestIdentifier identifier) {
    return identifier
        .getSource()
        .filter(MethodSource.class::isInstance)
        .map(MethodSource.class::cast)
        .map(source -> LabelResolver.describe(source.getJavaClass(), source.getJavaMethod()))
        .orElse(identifier.getUniqueId());
  }

  private boolean isMethodLevel(TestIdentifier identifier) {
    return DynamoTestPlan.isMethodLevel(plan, identifier);
  }

  private static String message(Throwable throwable) {
    String message = throwable.getMessage();
    return throwable.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
  }
}

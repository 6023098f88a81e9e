package ai.dynamo.test.engine.report;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.coverage.CoverageReport;
import ai.dynamo.test.engine.history.FlipCandidates;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.labels.TestLabels;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.plan.PlanRecorder;
import ai.dynamo.test.engine.report.Summary.CodeCoverage;
import ai.dynamo.test.engine.report.Summary.Counts;
import ai.dynamo.test.engine.report.Summary.CoverageFigures;
import ai.dynamo.test.engine.report.Summary.CoverageItem;
import ai.dynamo.test.engine.report.Summary.CoveringTest;
import ai.dynamo.test.engine.report.Summary.Excluded;
import ai.dynamo.test.engine.report.Summary.FlakyTest;
import ai.dynamo.test.engine.report.Summary.FlipCandidate;
import ai.dynamo.test.engine.report.Summary.MatrixCell;
import ai.dynamo.test.engine.report.Summary.SlowOnly;
import ai.dynamo.test.engine.report.Summary.TestResult;
import ai.dynamo.test.engine.report.Summary.TypeCoverage;
import ai.dynamo.test.engine.report.Summary.Unknown;
import ai.dynamo.test.engine.scheduling.StageBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Joins the plan of a run with what happened to each test into a {@link Summary}. */
final class SummaryBuilder {

  static final String NOT_RUN = "not run";
  static final String FILTERED =
      "removed after discovery by a launcher filter (Surefire groups or test name patterns)";

  /**
   * How a quarantined flaky test's abort message starts ({@code FlakyExtension} in the api module,
   * under {@code dynamo.flaky=quarantine}).
   */
  static final String QUARANTINED = "Quarantined flaky test";

  private SummaryBuilder() {}

  /**
   * The budget of a run as configured.
   *
   * @param millis the budget, {@code null} when none is set
   * @param source how it was set, such as {@code dynamo.budget=45m}
   */
  record BudgetSetting(Long millis, String source) {
    static final BudgetSetting NONE = new BudgetSetting(null, "");
  }

  /**
   * @param plan the plan written at discovery, or {@code null} when there is none
   * @param records what happened to each test
   * @param inRun the plan names of the tests in the launcher's test plan, or {@code null} if not
   *     known
   * @param budget the run's time budget
   * @param coverage the code coverage, from {@link #codeCoverage} or {@link #coverageNotMeasured}
   * @param flipCandidates the run's flip candidates, as {@code HistoryListener} published them
   */
  static Summary build(
      Plan plan,
      List<TestRecord> records,
      Set<String> inRun,
      String selection,
      boolean dryRun,
      Instant startedAt,
      long durationMillis,
      BudgetSetting budget,
      CodeCoverage coverage,
      List<FlipCandidates.Candidate> flipCandidates) {
    return build(
        plan,
        records,
        inRun,
        new Summary.Run(selection, dryRun, startedAt.toString(), durationMillis),
        budget,
        coverage,
        flipCandidates);
  }

  /**
   * As {@link #build(Plan, List, Set, String, boolean, Instant, long, BudgetSetting, CodeCoverage,
   * List)}, with what ran and when as {@code run}: its shard and revision too.
   */
  static Summary build(
      Plan plan,
      List<TestRecord> records,
      Set<String> inRun,
      Summary.Run run,
      BudgetSetting budget,
      CodeCoverage coverage,
      List<FlipCandidates.Candidate> flipCandidates) {
    long durationMillis = run.durationMillis();
    Map<String, Plan.PlannedTest> planned = new LinkedHashMap<>();
    if (plan != null) {
      plan.tests().forEach(test -> planned.put(test.name(), test));
    }
    List<TestResult> tests = new ArrayList<>();
    Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
    Map<String, Outcome> byMethod = new HashMap<>();
    List<FlakyTest> flaky = new ArrayList<>();
    List<String> notStarted = new ArrayList<>();
    int quarantined = 0;
    int invocations = 0;
    for (TestRecord record : records) {
      Plan.PlannedTest test = record.method() == null ? null : planned.get(record.method());
      tests.add(
          new TestResult(
              record.name(),
              record.className(),
              record.labels().stages().stream().map(LabelNames::of).toList(),
              record.labels().kind().map(LabelNames::of).orElse(null),
              PlanRecorder.requirements(record.labels().requirements()),
              record.labels().tags().stream().sorted().toList(),
              test == null ? List.of() : test.features(),
              test == null ? List.of() : test.tutorials(),
              label(record.outcome()),
              record.detail(),
              record.durationMillis(),
              record.invocations(),
              null));
      invocations += record.invocations();
      totals.merge(record.outcome(), record.invocations(), Integer::sum);
      String type = record.labels().kind().map(LabelNames::of).orElse(null);
      if (record.outcome() == Outcome.FLAKY) {
        flaky.add(new FlakyTest(record.name(), type, false, record.detail()));
      } else if (isQuarantined(record)) {
        quarantined++;
        flaky.add(new FlakyTest(record.name(), type, true, record.detail()));
      }
      if (record.detail().contains(StageBudget.NOT_STARTED)) {
        notStarted.add(record.name());
      }
      if (record.method() != null) {
        byMethod.merge(record.method(), record.outcome(), SummaryBuilder::worse);
      }
    }

    List<Excluded> excluded = new ArrayList<>();
    for (Plan.PlannedTest test : planned.values()) {
      if (!test.selected()) {
        excluded.add(new Excluded(test.name(), test.excludedBecause()));
      } else if (inRun != null && !inRun.contains(test.name())) {
        excluded.add(new Excluded(test.name(), FILTERED));
      }
    }

    Function<String, String> outcomeOf =
        name -> byMethod.containsKey(name) ? label(byMethod.get(name)) : NOT_RUN;
    return new Summary(
        Summary.SCHEMA_VERSION,
        run,
        new Counts(
            invocations,
            totals.getOrDefault(Outcome.PASSED, 0),
            totals.getOrDefault(Outcome.FLAKY, 0),
            totals.getOrDefault(Outcome.FAILED, 0),
            totals.getOrDefault(Outcome.ABORTED, 0),
            quarantined,
            totals.getOrDefault(Outcome.SKIPPED, 0),
            excluded.size()),
        matrix(records),
        tests,
        excluded,
        flaky,
        flipCandidates.stream()
            .map(c -> new FlipCandidate(c.test(), c.revision(), c.passed(), c.failed(), c.flaky()))
            .toList(),
        budget(planned.values(), inRun, budget, durationMillis, notStarted),
        coverage(
            planned.values(),
            Plan.PlannedTest::features,
            plan == null ? null : plan.featureCatalog(),
            outcomeOf),
        coverage(
            planned.values(),
            Plan.PlannedTest::tutorials,
            plan == null || plan.docSections() == null ? null : docCatalog(plan.docSections()),
            outcomeOf),
        coverage);
  }

  /** Whether {@code record} is a {@code @Flaky} test that failed every attempt in quarantine. */
  static boolean isQuarantined(TestRecord record) {
    // The detail is "TestAbortedException: Quarantined flaky test failed all 3 attempts (...)".
    return record.outcome() == Outcome.ABORTED
        && record.detail().replaceFirst("^[\\w.$]+: ", "").startsWith(QUARANTINED);
  }

  private static Summary.Budget budget(
      Collection<Plan.PlannedTest> planned,
      Set<String> inRun,
      BudgetSetting setting,
      long elapsedMillis,
      List<String> notStarted) {
    Long plannedMillis = null;
    int fromHistory = 0;
    int byType = 0;
    for (Plan.PlannedTest test : planned) {
      if (!test.selected()
          || test.expectedMillis() == null
          || (inRun != null && !inRun.contains(test.name()))) {
        continue;
      }
      plannedMillis = (plannedMillis == null ? 0 : plannedMillis) + test.expectedMillis();
      if (Plan.PlannedTest.FROM_HISTORY.equals(test.expectedFrom())) {
        fromHistory++;
      } else {
        byType++;
      }
    }
    Double percent =
        setting.millis() == null
            ? null
            : Math.round(1000.0 * elapsedMillis / setting.millis()) / 10.0;
    return new Summary.Budget(
        setting.millis(),
        setting.source(),
        plannedMillis,
        fromHistory,
        byType,
        elapsedMillis,
        percent,
        notStarted);
  }

  /** Code coverage that was not measured, with the reason: never reported as 0%. */
  static CodeCoverage coverageNotMeasured(String reason) {
    return coverageNotMeasured(reason, List.of());
  }

  /**
   * Code coverage that was not measured or could not be analysed, with the reason, and the minimums
   * that could therefore not be met.
   */
  static CodeCoverage coverageNotMeasured(String reason, List<String> belowMinimum) {
    return new CodeCoverage(false, reason, List.of(), null, List.of(), belowMinimum);
  }

  /**
   * The code coverage of {@code report} with the minimums of {@code dynamo.coverage.minimum.<type>}
   * checked; not measured when {@code report} is {@code null} (no JaCoCo agent).
   */
  static CodeCoverage codeCoverage(CoverageReport report, Map<String, Double> minimums) {
    if (report == null) {
      return coverageNotMeasured(CoverageReport.NOT_MEASURED);
    }
    List<TypeCoverage> types = new ArrayList<>();
    report
        .byType()
        .forEach(
            (type, figures) -> {
              Double minimum = minimums.get(type);
              types.add(
                  new TypeCoverage(
                      type,
                      figures(figures),
                      minimum,
                      minimum != null && figures.lineRatio() < minimum));
            });
    // In life-cycle order of the types (unit, integration, e2e, ...), then unclassified.
    types.sort(
        Comparator.comparingInt(
            t ->
                LabelNames.parse(TestKind.class, t.type())
                    .map(TestKind::ordinal)
                    .orElse(Integer.MAX_VALUE)));
    List<SlowOnly> slowOnly = new ArrayList<>();
    report
        .slowOnly()
        .forEach((cls, lines) -> slowOnly.add(new SlowOnly(cls.replace('/', '.'), lines)));
    return new CodeCoverage(
        true, "", types, figures(report.combined()), slowOnly, report.belowMinimum(minimums));
  }

  private static CoverageFigures figures(CoverageReport.Figures f) {
    return new CoverageFigures(
        f.linesCovered(),
        f.lines(),
        ratio(f.lineRatio()),
        f.branchesCovered(),
        f.branches(),
        ratio(f.branchRatio()));
  }

  /** Four decimals, so that the JSON does not carry 0.30000000000000004. */
  private static double ratio(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  static String label(Outcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }

  private static Outcome worse(Outcome a, Outcome b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(Outcome outcome) {
    return switch (outcome) {
      case FAILED -> 4;
      case ABORTED -> 3;
      case FLAKY -> 2;
      case PASSED -> 1;
      case SKIPPED -> 0;
    };
  }

  private static List<MatrixCell> matrix(List<TestRecord> records) {
    Map<TestLabels, Map<Outcome, Integer>> counts =
        new TreeMap<>(
            Comparator.<TestLabels>comparingInt(
                    l -> l.stages().stream().mapToInt(Lifecycle::ordinal).min().orElse(99))
                .thenComparing(TestLabels::stageText)
                .thenComparingInt(l -> l.kind().map(TestKind::ordinal).orElse(99)));
    for (TestRecord record : records) {
      counts
          .computeIfAbsent(record.labels(), key -> new EnumMap<>(Outcome.class))
          .merge(record.outcome(), record.invocations(), Integer::sum);
    }
    List<MatrixCell> cells = new ArrayList<>();
    counts.forEach(
        (labels, byOutcome) ->
            cells.add(
                new MatrixCell(
                    labels.stageText(),
                    labels.kindText(),
                    byOutcome.getOrDefault(Outcome.PASSED, 0),
                    byOutcome.getOrDefault(Outcome.FLAKY, 0),
                    byOutcome.getOrDefault(Outcome.FAILED, 0),
                    byOutcome.getOrDefault(Outcome.ABORTED, 0),
                    byOutcome.getOrDefault(Outcome.SKIPPED, 0))));
    return cells;
  }

  private static Map<String, String> docCatalog(List<String> sections) {
    Map<String, String> catalog = new LinkedHashMap<>();
    sections.forEach(section -> catalog.put(section, ""));
    return catalog;
  }

  private static Summary.Coverage coverage(
      Collection<Plan.PlannedTest> tests,
      Function<Plan.PlannedTest, List<String>> citations,
      Map<String, String> catalog,
      Function<String, String> outcomeOf) {
    Map<String, List<Plan.PlannedTest>> citing = new LinkedHashMap<>();
    if (catalog != null) {
      catalog.keySet().forEach(name -> citing.put(name, new ArrayList<>()));
    }
    Map<String, List<String>> unknown = new TreeMap<>();
    for (Plan.PlannedTest test : tests) {
      for (String name : citations.apply(test)) {
        if (catalog != null && !catalog.containsKey(name)) {
          unknown.computeIfAbsent(name, key -> new ArrayList<>()).add(test.name());
        } else {
          citing.computeIfAbsent(name, key -> new ArrayList<>()).add(test);
        }
      }
    }
    List<CoverageItem> items = new ArrayList<>();
    List<String> uncovered = new ArrayList<>();
    Map<String, List<Plan.PlannedTest>> ordered = catalog == null ? new TreeMap<>(citing) : citing;
    ordered.forEach(
        (name, covering) -> {
          Set<Lifecycle> stages = new java.util.TreeSet<>();
          covering.forEach(
              t ->
                  t.stages()
                      .forEach(s -> LabelNames.parse(Lifecycle.class, s).ifPresent(stages::add)));
          items.add(
              new CoverageItem(
                  name,
                  catalog == null ? "" : catalog.get(name),
                  stages.stream().map(LabelNames::of).toList(),
                  covering.stream()
                      .map(t -> new CoveringTest(t.name(), outcomeOf.apply(t.name())))
                      .toList()));
          if (covering.isEmpty() && !coveredBySection(name, citing)) {
            uncovered.add(name);
          }
        });
    return new Summary.Coverage(
        catalog != null,
        items,
        uncovered,
        unknown.entrySet().stream()
            .map(e -> new Unknown(e.getKey(), List.copyOf(new LinkedHashSet<>(e.getValue()))))
            .toList());
  }

  /** A page counts as covered when a test cites one of its sections. */
  private static boolean coveredBySection(String name, Map<String, List<Plan.PlannedTest>> citing) {
    if (name.contains("#")) {
      return false;
    }
    return citing.entrySet().stream()
        .anyMatch(e -> e.getKey().startsWith(name + "#") && !e.getValue().isEmpty());
  }
}

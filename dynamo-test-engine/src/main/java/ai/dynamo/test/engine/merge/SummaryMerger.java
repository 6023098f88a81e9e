package ai.dynamo.test.engine.merge;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.merge.ShardReports.ShardReport;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.report.Summary;
import ai.dynamo.test.engine.report.Summary.Budget;
import ai.dynamo.test.engine.report.Summary.CodeCoverage;
import ai.dynamo.test.engine.report.Summary.Counts;
import ai.dynamo.test.engine.report.Summary.Coverage;
import ai.dynamo.test.engine.report.Summary.CoverageItem;
import ai.dynamo.test.engine.report.Summary.CoveringTest;
import ai.dynamo.test.engine.report.Summary.Excluded;
import ai.dynamo.test.engine.report.Summary.FlipCandidate;
import ai.dynamo.test.engine.report.Summary.MatrixCell;
import ai.dynamo.test.engine.report.Summary.TestResult;
import ai.dynamo.test.engine.report.Summary.Unknown;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Merges the summaries of the shard runs of one stage into the summary of the stage, as one
 * unsharded run would have written it: totals and matrix summed, tests concatenated (passed
 * invocations of one method counted together), excluded what a shard excluded and none ran, the
 * stage's wall time the longest shard's and its machine time their sum.
 */
final class SummaryMerger {

  private SummaryMerger() {}

  /**
   * The summary of the stage {@code reports} ran, with {@code coverage} as its code coverage and
   * the tests of other runners, {@code foreign}, counted in.
   */
  static Summary merge(ShardReports reports, CodeCoverage coverage, ForeignTests foreign) {
    List<Summary> summaries = reports.shards().stream().map(ShardReport::summary).toList();
    Summary first = summaries.get(0);
    List<TestResult> tests = new ArrayList<>(tests(summaries));
    tests.addAll(foreign.tests());
    List<Excluded> excluded = excluded(summaries, tests, reports.missing());
    long wall = summaries.stream().mapToLong(s -> s.run().durationMillis()).max().orElse(0);
    long machine = summaries.stream().mapToLong(s -> s.run().durationMillis()).sum();
    Summary.Run run =
        new Summary.Run(
            first.run().selection(),
            first.run().dryRun(),
            summaries.stream()
                .map(s -> Instant.parse(s.run().startedAt()))
                .min(Comparator.naturalOrder())
                .orElseThrow()
                .toString(),
            wall,
            null,
            first.run().revision(),
            new Summary.Merge(
                reports.count(),
                reports.shards().stream().map(r -> r.shard().index()).toList(),
                reports.missing(),
                machine,
                foreign.isEmpty() ? null : foreign.reports()));
    List<Summary.FlakyTest> flaky =
        new ArrayList<>(summaries.stream().flatMap(s -> s.flaky().stream()).toList());
    foreign.tests().stream()
        .filter(t -> t.outcome().equals("flaky"))
        .forEach(t -> flaky.add(new Summary.FlakyTest(t.name(), t.type(), false, t.message())));
    return new Summary(
        first.schemaVersion(),
        run,
        totals(summaries, foreign.counts(), excluded.size()),
        matrix(summaries, foreign.tests()),
        List.copyOf(tests),
        excluded,
        List.copyOf(flaky),
        summaries.stream()
            .filter(s -> s.flipCandidates() != null)
            .flatMap(s -> s.flipCandidates().stream())
            .distinct()
            .toList(),
        budget(summaries, wall),
        catalogCoverage(summaries, Summary::features),
        catalogCoverage(summaries, Summary::docs),
        coverage);
  }

  /** {@code summary} with {@code candidates} as its flip candidates. */
  static Summary withFlipCandidates(Summary summary, List<FlipCandidate> candidates) {
    return new Summary(
        summary.schemaVersion(),
        summary.run(),
        summary.totals(),
        summary.matrix(),
        summary.tests(),
        summary.excluded(),
        summary.flaky(),
        candidates,
        summary.budget(),
        summary.features(),
        summary.docs(),
        summary.coverage());
  }

  /**
   * The plan of the stage: the tests of every shard's plan, each once (a shard's plan holds the
   * tests of the classes its discovery saw: every class, or under Surefire its own); {@code null}
   * when no shard wrote one.
   */
  static Plan mergePlans(ShardReports reports, ForeignTests foreign) {
    List<Plan> plans =
        reports.shards().stream().map(ShardReport::plan).filter(Objects::nonNull).toList();
    if (plans.isEmpty()) {
      return null;
    }
    Plan first = plans.get(0);
    Map<String, Plan.PlannedTest> tests = new LinkedHashMap<>();
    plans.forEach(plan -> plan.tests().forEach(test -> tests.putIfAbsent(test.name(), test)));
    foreign.planned().forEach(test -> tests.putIfAbsent(test.name(), test));
    return new Plan(
        first.schemaVersion(),
        plans.stream().map(Plan::discoveredAt).min(Comparator.naturalOrder()).orElseThrow(),
        first.selection(),
        first.dryRun(),
        List.copyOf(tests.values()),
        first.featureCatalog(),
        first.docSections());
  }

  private static List<TestResult> tests(List<Summary> summaries) {
    List<TestResult> tests = new ArrayList<>();
    Map<String, Integer> passedAt = new HashMap<>();
    for (Summary summary : summaries) {
      for (TestResult test : summary.tests()) {
        Integer at = "passed".equals(test.outcome()) ? passedAt.get(test.name()) : null;
        if (at == null) {
          if ("passed".equals(test.outcome())) {
            passedAt.put(test.name(), tests.size());
          }
          tests.add(test);
          continue;
        }
        // The passed invocations of one method, split over two shards: one entry, as one run
        // writes it. (Sharding splits by class, so this needs a class given to two shards.)
        TestResult counted = tests.get(at);
        tests.set(
            at,
            new TestResult(
                counted.name(),
                counted.className(),
                counted.stages(),
                counted.type(),
                counted.requirements(),
                counted.tags(),
                counted.features(),
                counted.tutorials(),
                counted.outcome(),
                counted.message(),
                counted.durationMillis() + test.durationMillis(),
                counted.invocations() + test.invocations(),
                counted.runner()));
      }
    }
    return tests;
  }

  /**
   * The tests some shard excluded and no shard ran. A shard's reason is the plan's, such as "not
   * selected by dynamo.stage=nightly", preferred over {@link Summary#FILTERED}, which a shard also
   * gives the tests of the other shards when its discovery saw their classes (one launcher request
   * for every class); under Surefire a shard sees only its own classes. Under a partial merge, a
   * test only filtered may be in a missing shard, and its reason says so.
   */
  private static List<Excluded> excluded(
      List<Summary> summaries, List<TestResult> tests, List<Integer> missing) {
    Set<String> ran = new HashSet<>();
    for (TestResult test : tests) {
      int end = test.name().indexOf(')');
      ran.add(end < 0 ? test.name() : test.name().substring(0, end + 1));
    }
    Map<String, String> excluded = new LinkedHashMap<>();
    for (Summary summary : summaries) {
      for (Excluded e : summary.excluded()) {
        if (!ran.contains(e.name())) {
          excluded.merge(
              e.name(),
              e.reason(),
              (known, other) -> known.equals(Summary.FILTERED) ? other : known);
        }
      }
    }
    String missingText =
        missing.isEmpty()
            ? ""
            : "; or in missing shard "
                + missing.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return excluded.entrySet().stream()
        .map(
            e ->
                new Excluded(
                    e.getKey(),
                    e.getValue().equals(Summary.FILTERED)
                        ? e.getValue() + missingText
                        : e.getValue()))
        .toList();
  }

  private static Counts totals(List<Summary> summaries, Counts foreign, int excluded) {
    return new Counts(
        sum(summaries, Counts::tests) + foreign.tests(),
        sum(summaries, Counts::passed) + foreign.passed(),
        sum(summaries, Counts::flaky) + foreign.flaky(),
        sum(summaries, Counts::failed) + foreign.failed(),
        sum(summaries, Counts::aborted) + foreign.aborted(),
        sum(summaries, Counts::quarantined) + foreign.quarantined(),
        sum(summaries, Counts::skipped) + foreign.skipped(),
        excluded);
  }

  private static int sum(List<Summary> summaries, Function<Counts, Integer> count) {
    return summaries.stream().mapToInt(s -> count.apply(s.totals())).sum();
  }

  /**
   * The cells of every shard summed by stage and type, with the tests of other runners counted in
   * the cells of their stages and type, in life-cycle order as a run has them.
   */
  private static List<MatrixCell> matrix(List<Summary> summaries, List<TestResult> foreign) {
    Map<List<String>, int[]> cells = new LinkedHashMap<>();
    for (Summary summary : summaries) {
      for (MatrixCell cell : summary.matrix()) {
        int[] counts = cells.computeIfAbsent(List.of(cell.stage(), cell.type()), key -> new int[5]);
        counts[0] += cell.passed();
        counts[1] += cell.flaky();
        counts[2] += cell.failed();
        counts[3] += cell.aborted();
        counts[4] += cell.skipped();
      }
    }
    for (TestResult test : foreign) {
      // The same texts as the engine's cells: TestLabels.stageText() and kindText().
      String stage = test.stages().isEmpty() ? "(no stage)" : String.join(", ", test.stages());
      String type = test.type() == null ? "(no type)" : test.type();
      int[] counts = cells.computeIfAbsent(List.of(stage, type), key -> new int[5]);
      int index =
          switch (test.outcome()) {
            case "passed" -> 0;
            case "flaky" -> 1;
            case "failed" -> 2;
            case "aborted" -> 3;
            default -> 4;
          };
      counts[index] += test.invocations();
    }
    return cells.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<List<String>, int[]>>comparingInt(
                    e -> firstStage(e.getKey().get(0)))
                .thenComparing(e -> e.getKey().get(0))
                .thenComparingInt(e -> kind(e.getKey().get(1))))
        .map(
            e ->
                new MatrixCell(
                    e.getKey().get(0),
                    e.getKey().get(1),
                    e.getValue()[0],
                    e.getValue()[1],
                    e.getValue()[2],
                    e.getValue()[3],
                    e.getValue()[4]))
        .toList();
  }

  private static int firstStage(String stages) {
    return Arrays.stream(stages.split(","))
        .map(String::strip)
        .map(s -> LabelNames.parse(Lifecycle.class, s))
        .filter(java.util.Optional::isPresent)
        .mapToInt(s -> s.get().ordinal())
        .min()
        .orElse(99);
  }

  private static int kind(String type) {
    return LabelNames.parse(TestKind.class, type).map(TestKind::ordinal).orElse(99);
  }

  /**
   * The budget of the stage: the shards' budget setting, the longest shard's wall time against it,
   * and the plans and tests not started of all shards.
   */
  private static Budget budget(List<Summary> summaries, long wall) {
    Budget first = summaries.get(0).budget();
    Long planned = null;
    for (Summary summary : summaries) {
      if (summary.budget().plannedMillis() != null) {
        planned = (planned == null ? 0 : planned) + summary.budget().plannedMillis();
      }
    }
    Double percent =
        first.budgetMillis() == null
            ? null
            : Math.round(1000.0 * wall / first.budgetMillis()) / 10.0;
    return new Budget(
        first.budgetMillis(),
        first.source(),
        planned,
        summaries.stream().mapToInt(s -> s.budget().plannedFromHistory()).sum(),
        summaries.stream().mapToInt(s -> s.budget().plannedByType()).sum(),
        wall,
        percent,
        summaries.stream().flatMap(s -> s.budget().notStarted().stream()).toList());
  }

  /**
   * Feature or doc coverage: each shard lists every catalog entry with every citing test, and the
   * tests of other shards as {@link Summary#NOT_RUN}; a test's outcome is the one of the shard that
   * ran it.
   */
  private static Coverage catalogCoverage(
      List<Summary> summaries, Function<Summary, Coverage> coverageOf) {
    Coverage first = coverageOf.apply(summaries.get(0));
    Map<String, CoverageItem> items = new LinkedHashMap<>();
    Map<String, Map<String, String>> outcomes = new HashMap<>();
    Set<String> uncovered = new LinkedHashSet<>(first.uncovered());
    Map<String, Set<String>> unknown = new LinkedHashMap<>();
    for (Summary summary : summaries) {
      Coverage coverage = coverageOf.apply(summary);
      for (CoverageItem item : coverage.items()) {
        items.putIfAbsent(item.name(), item);
        Map<String, String> byTest =
            outcomes.computeIfAbsent(item.name(), name -> new LinkedHashMap<>());
        for (CoveringTest test : item.tests()) {
          byTest.merge(
              test.name(),
              test.outcome(),
              (known, other) -> known.equals(Summary.NOT_RUN) ? other : known);
        }
      }
      uncovered.retainAll(coverage.uncovered());
      coverage
          .unknown()
          .forEach(
              u -> unknown.computeIfAbsent(u.name(), n -> new LinkedHashSet<>()).addAll(u.tests()));
    }
    return new Coverage(
        first.measured(),
        items.values().stream()
            .map(
                item ->
                    new CoverageItem(
                        item.name(),
                        item.description(),
                        item.stages(),
                        outcomes.get(item.name()).entrySet().stream()
                            .map(e -> new CoveringTest(e.getKey(), e.getValue()))
                            .toList()))
            .toList(),
        List.copyOf(uncovered),
        unknown.entrySet().stream()
            .map(e -> new Unknown(e.getKey(), List.copyOf(e.getValue())))
            .toList());
  }
}

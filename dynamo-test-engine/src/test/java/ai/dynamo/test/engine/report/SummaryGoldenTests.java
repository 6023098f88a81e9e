package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.E2E;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.report.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Capability;
import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.coverage.CoverageReport;
import ai.dynamo.test.engine.coverage.CoverageReport.Figures;
import ai.dynamo.test.engine.history.FlipCandidates;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.labels.RequirementSpec;
import ai.dynamo.test.engine.labels.TestLabels;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.scheduling.DurationEstimator;
import ai.dynamo.test.engine.scheduling.StageBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Markdown, JSON and HTML reports of one fixed run, compared with the files under {@code
 * src/test/resources/golden/}. After an intended change, rerun with {@code -Dgolden.update=true}
 * and review the diff of the golden files.
 */
@Stage(PRE_MERGE)
@TestType(UNIT)
@Feature("run-summary")
@Feature("reports-directory")
@Tutorial("docs/reports.md#read-the-summary-in-ci")
@Tutorial("docs/reports.md#the-json-formats")
class SummaryGoldenTests {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  private static TestLabels labels(
      Set<Lifecycle> stages, TestKind kind, RequirementSpec requirements) {
    return new TestLabels(stages, Optional.ofNullable(kind), requirements, Set.of());
  }

  private static final RequirementSpec DOCKER =
      new RequirementSpec(Set.of(Capability.DOCKER), 0, Optional.empty(), List.of(), List.of());
  private static final RequirementSpec TWO_GPUS =
      new RequirementSpec(Set.of(Capability.GPU), 2, Optional.empty(), List.of(), List.of());

  private static Plan.PlannedTest planned(
      String name,
      List<String> stages,
      String type,
      List<String> requirements,
      List<String> features,
      List<String> tutorials,
      String excludedBecause) {
    return planned(name, stages, type, requirements, features, tutorials, excludedBecause, null);
  }

  private static Plan.PlannedTest planned(
      String name,
      List<String> stages,
      String type,
      List<String> requirements,
      List<String> features,
      List<String> tutorials,
      String excludedBecause,
      Long recordedMillis) {
    boolean selected = excludedBecause == null;
    return new Plan.PlannedTest(
        name,
        name.replaceFirst("#.*", ""),
        stages,
        type,
        requirements,
        List.of(),
        features,
        tutorials,
        selected,
        excludedBecause,
        null,
        !selected
            ? null
            : recordedMillis != null
                ? recordedMillis
                : DurationEstimator.guess(
                    LabelNames.parse(TestKind.class, type == null ? "" : type)),
        !selected
            ? null
            : recordedMillis != null ? Plan.PlannedTest.FROM_HISTORY : Plan.PlannedTest.FROM_TYPE,
        null,
        null,
        null);
  }

  /** A run with a budget of 2 s that it overran, and JaCoCo coverage with a minimum for unit. */
  static Summary fixedRun() {
    return fixedRun(
        new SummaryBuilder.BudgetSetting(2_000L, "dynamo.budget=2s"),
        SummaryBuilder.codeCoverage(
            new CoverageReport(
                orderedMap(
                    "unit", new Figures(40, 80, 10, 40),
                    "integration", new Figures(52, 80, 20, 40),
                    "e2e", new Figures(30, 80, 15, 40)),
                new Figures(70, 80, 30, 40),
                Map.of("com/example/Router", List.of(12, 13, 14, 20))),
            Map.of("unit", 0.8, "e2e", 0.25)));
  }

  private static <V> Map<String, V> orderedMap(String k1, V v1, String k2, V v2, String k3, V v3) {
    Map<String, V> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    map.put(k3, v3);
    return map;
  }

  static Summary fixedRun(SummaryBuilder.BudgetSetting budget, Summary.CodeCoverage coverage) {
    Map<String, String> catalog = new TreeMap<>();
    catalog.put("kv-routing", "Requests go to the worker with the longest cached prefix.");
    catalog.put("tokenizer", "Text becomes tokens.");
    catalog.put("autoscaling", "Workers are added under load.");
    Plan plan =
        new Plan(
            1,
            "2026-01-02T03:04:00Z",
            "dynamo.stage=pre-merge,nightly",
            false,
            List.of(
                planned(
                    "com.example.TokenizerTest#splits()",
                    List.of("pre-merge"),
                    "unit",
                    List.of(),
                    List.of("tokenizer"),
                    List.of("docs/quickstart.md#tokenize"),
                    null,
                    15L),
                planned(
                    "com.example.TokenizerTest#rejectsEmptyInput()",
                    List.of("pre-merge"),
                    "unit",
                    List.of(),
                    List.of("tokenizer"),
                    List.of(),
                    null),
                planned(
                    "com.example.RouterIT#routesByPrefix(int)",
                    List.of("pre-merge", "nightly"),
                    "integration",
                    List.of("docker"),
                    List.of("kv-routing", "kv-routing.evictions"),
                    List.of(),
                    null,
                    1_400L),
                planned(
                    "com.example.BrokerIT#publishes()",
                    List.of("pre-merge"),
                    "integration",
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    900L),
                planned(
                    "com.example.BrokerIT#reconnects()",
                    List.of("pre-merge"),
                    "integration",
                    List.of(),
                    List.of(),
                    List.of(),
                    null),
                planned(
                    "com.example.ServingE2ETest#servesTwoGpus()",
                    List.of("nightly"),
                    "e2e",
                    List.of("gpu×2"),
                    List.of(),
                    List.of("docs/quickstart.md"),
                    null),
                planned(
                    "com.example.ServingE2ETest#scalesOut()",
                    List.of("nightly"),
                    "e2e",
                    List.of(),
                    List.of(),
                    List.of(),
                    null),
                planned(
                    "com.example.SoakTest#runsForAWeek()",
                    List.of("weekly"),
                    "continuous-operation",
                    List.of(),
                    List.of("autoscaling"),
                    List.of(),
                    "not selected by dynamo.stage=pre-merge,nightly"),
                planned(
                    "com.example.LegacyTest#works()",
                    List.of(),
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    "unclassified (missing @Stage, @TestType), not run under a selection;"
                        + " dynamo.unclassified=include runs it")),
            catalog,
            List.of(
                "docs/quickstart.md",
                "docs/quickstart.md#install",
                "docs/quickstart.md#tokenize",
                "docs/reference.md"));
    TestLabels unit = labels(Set.of(PRE_MERGE), UNIT, RequirementSpec.NONE);
    TestLabels integration = labels(java.util.EnumSet.of(PRE_MERGE, NIGHTLY), INTEGRATION, DOCKER);
    TestLabels e2e = labels(Set.of(NIGHTLY), E2E, TWO_GPUS);
    TestLabels broker = labels(Set.of(PRE_MERGE), INTEGRATION, RequirementSpec.NONE);
    TestLabels scaling = labels(Set.of(NIGHTLY), E2E, RequirementSpec.NONE);
    List<TestRecord> records =
        List.of(
            new TestRecord(
                "com.example.TokenizerTest#splits()",
                "com.example.TokenizerTest#splits()",
                "com.example.TokenizerTest",
                unit,
                Outcome.PASSED,
                "",
                12),
            new TestRecord(
                "com.example.TokenizerTest#rejectsEmptyInput()",
                "com.example.TokenizerTest#rejectsEmptyInput()",
                "com.example.TokenizerTest",
                unit,
                Outcome.FAILED,
                "AssertionFailedError: expected IllegalArgumentException | got nothing\n\tat line 2",
                7),
            new TestRecord(
                "com.example.RouterIT#routesByPrefix(int) [1] 1",
                "com.example.RouterIT#routesByPrefix(int)",
                "com.example.RouterIT",
                integration,
                Outcome.PASSED,
                "",
                1530),
            new TestRecord(
                "com.example.RouterIT#routesByPrefix(int) [2] 8",
                "com.example.RouterIT#routesByPrefix(int)",
                "com.example.RouterIT",
                integration,
                Outcome.ABORTED,
                "TestAbortedException: Assumption failed: 8 workers need 8 ports",
                80),
            new TestRecord(
                "com.example.ServingE2ETest#servesTwoGpus()",
                "com.example.ServingE2ETest#servesTwoGpus()",
                "com.example.ServingE2ETest",
                e2e,
                Outcome.SKIPPED,
                "requires 2 GPUs: found none (nvidia-smi not found on PATH)",
                0),
            new TestRecord(
                "com.example.BrokerIT#publishes()",
                "com.example.BrokerIT#publishes()",
                "com.example.BrokerIT",
                broker,
                Outcome.FLAKY,
                "failed 1 of 2 attempts, then passed; known flaky: the broker starts slowly"
                    + " (https://example.com/issues/7)",
                640),
            new TestRecord(
                "com.example.BrokerIT#reconnects()",
                "com.example.BrokerIT#reconnects()",
                "com.example.BrokerIT",
                broker,
                Outcome.ABORTED,
                "TestAbortedException: Quarantined flaky test failed all 3 attempts (reconnects"
                    + " late); dynamo.flaky=quarantine keeps it from failing the stage. Last"
                    + " failure: java.lang.AssertionError: timed out",
                30),
            new TestRecord(
                "com.example.ServingE2ETest#scalesOut()",
                "com.example.ServingE2ETest#scalesOut()",
                "com.example.ServingE2ETest",
                scaling,
                Outcome.SKIPPED,
                StageBudget.NOT_STARTED
                    + "2.0s (dynamo.budget=2s) was spent. Raise the budget, or split the stage"
                    + " with dynamo.shard.",
                0));
    return SummaryBuilder.build(
        plan,
        records,
        Set.of(
            "com.example.TokenizerTest#splits()",
            "com.example.TokenizerTest#rejectsEmptyInput()",
            "com.example.RouterIT#routesByPrefix(int)",
            "com.example.BrokerIT#publishes()",
            "com.example.BrokerIT#reconnects()",
            "com.example.ServingE2ETest#servesTwoGpus()",
            "com.example.ServingE2ETest#scalesOut()"),
        "dynamo.stage=pre-merge,nightly",
        false,
        Instant.parse("2026-01-02T03:04:05Z"),
        2345,
        budget,
        coverage,
        List.of(
            new FlipCandidates.Candidate(
                "com.example.TokenizerTest#rejectsEmptyInput()",
                "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
                3,
                1,
                0,
                1_767_322_000_000L),
            new FlipCandidates.Candidate(
                "com.example.BrokerIT#publishes()", "rev-42", 0, 0, 1, 1_767_321_000_000L)));
  }

  @Test
  void rendersTheMarkdownSummaryOfAFixedRun() throws IOException {
    assertMatchesGolden("summary.md", MarkdownSummary.render(fixedRun()));
  }

  @Test
  void rendersTheJsonSummaryOfAFixedRunValidAgainstItsSchema() throws IOException {
    String json = ReportJson.write(fixedRun());

    assertThat(violations("summary.schema.json", json)).isEmpty();
    assertMatchesGolden("summary.json", json);
  }

  @Test
  void rendersTheHtmlReportOfAFixedRun() throws IOException {
    assertMatchesGolden("report.html", HtmlReport.render(fixedRun()));
  }

  @Test
  void readsBackTheJsonItWrites() {
    Summary summary = fixedRun();

    assertThat(ReportJson.read(ReportJson.write(summary), Summary.class)).isEqualTo(summary);
  }

  @Test
  void countsFlakyTestsApartFromPassesAndQuarantinedOnesAmongTheAborted() {
    Summary summary = fixedRun();

    assertThat(summary.totals()).isEqualTo(new Summary.Counts(8, 2, 1, 1, 2, 1, 2, 2));
    assertThat(summary.flaky())
        .extracting(Summary.FlakyTest::name, Summary.FlakyTest::quarantined)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("com.example.BrokerIT#publishes()", false),
            org.assertj.core.groups.Tuple.tuple("com.example.BrokerIT#reconnects()", true));
    assertThat(summary.matrix())
        .contains(new Summary.MatrixCell("pre-merge", "integration", 0, 1, 0, 1, 0));
    // A quarantined test is listed once, as flaky, not among the failures; an aborted test is
    // listed as aborted, not as failed.
    assertThat(MarkdownSummary.render(summary))
        .contains("## Failures (1)")
        .contains("## Aborted (1)")
        .contains("- `com.example.BrokerIT#reconnects()` (integration, **quarantined**");
  }

  @Test
  void comparesTheBudgetWithThePlanAndTheRunAndListsWhatItsSpendingSkipped() {
    Summary.Budget budget = fixedRun().budget();

    assertThat(budget.budgetMillis()).isEqualTo(2_000L);
    assertThat(budget.source()).isEqualTo("dynamo.budget=2s");
    // 15 + 1400 + 900 recorded; 100 (unit) + 5000 (integration) + 2 × 60000 (e2e) guessed.
    assertThat(budget.plannedMillis()).isEqualTo(127_415L);
    assertThat(budget.plannedFromHistory()).isEqualTo(3);
    assertThat(budget.plannedByType()).isEqualTo(4);
    assertThat(budget.percentUsed()).isEqualTo(117.3);
    assertThat(budget.notStarted()).containsExactly("com.example.ServingE2ETest#scalesOut()");
  }

  @Test
  void writesRunsOfConsecutiveLinesAsRanges() {
    assertThat(ReportText.lineRanges(List.of(3, 7, 8, 9, 12, 13, 20)))
        .isEqualTo("3, 7–9, 12–13, 20");
    assertThat(ReportText.lineRanges(List.of())).isEmpty();
  }

  @Test
  void saysNoBudgetAndCoverageNotMeasuredInsteadOfZeros() {
    Summary summary =
        fixedRun(SummaryBuilder.BudgetSetting.NONE, SummaryBuilder.codeCoverage(null, Map.of()));

    String md = MarkdownSummary.render(summary);
    assertThat(md)
        .contains("| no budget | 2m 07s (4 of 7 guessed by test type) | 2.3s | – |")
        .contains("## Coverage by test type\n\ncoverage not measured (no JaCoCo agent)\n")
        .doesNotContain("0.0%");
    String json = ReportJson.write(summary);
    assertThat(violations("summary.schema.json", json)).isEmpty();
    assertThat(json).doesNotContain("budgetMillis", "percentUsed", "\"combined\"");
    String html = HtmlReport.render(summary);
    assertThat(html)
        .contains("<td>no budget</td>", "coverage not measured (no JaCoCo agent)")
        .doesNotContain("chart-coverage");
  }

  static void assertMatchesGolden(String name, String actual) throws IOException {
    Path golden = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual);
    }
    assertThat(golden).as("golden file %s (create it with -Dgolden.update=true)", golden).exists();
    assertThat(actual).isEqualTo(Files.readString(golden));
  }
}

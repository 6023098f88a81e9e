package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.report.ReportTestSupport.launch;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static ai.dynamo.test.engine.report.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.fixtures.ReportFixtures.NightlyEndToEnd;
import ai.dynamo.test.engine.fixtures.ReportFixtures.NoLabels;
import ai.dynamo.test.engine.fixtures.ReportFixtures.PassFailSkip;
import ai.dynamo.test.engine.plan.Plan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.TagFilter;

/** A run through a real Launcher leaves its plan and its summary in the reports directory. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("reports-directory")
@Tutorial("docs/reports.md#where-the-reports-are")
class ReportsDirectoryTests {

  private static final String FIXTURES = "ai.dynamo.test.engine.fixtures.ReportFixtures$";

  @TempDir Path reports;

  @BeforeEach
  void runThePreMergeStage() {
    launch(
        reports,
        Map.of("dynamo.stage", "pre-merge"),
        PassFailSkip.class,
        NightlyEndToEnd.class,
        NoLabels.class);
  }

  @Test
  void writesThePlanWithEveryDiscoveredTestItsLabelsAndWhyItIsOrIsNotRun() {
    Plan plan = ReportJson.read(read(reports.resolve("plan.json")), Plan.class);

    Map<String, Plan.PlannedTest> tests =
        plan.tests().stream()
            .collect(Collectors.toMap(Plan.PlannedTest::name, Function.identity()));
    assertThat(plan.selection()).isEqualTo("dynamo.stage=pre-merge");
    assertThat(tests).hasSize(6);
    Plan.PlannedTest missingCommand = tests.get(FIXTURES + "PassFailSkip#needsAMissingCommand()");
    assertThat(missingCommand.selected()).isTrue();
    assertThat(missingCommand.stages()).containsExactly("pre-merge");
    assertThat(missingCommand.type()).isEqualTo("unit");
    assertThat(missingCommand.requirements()).containsExactly("command dynamo-no-such-command");
    assertThat(missingCommand.features()).containsExactly("parsing");
    assertThat(tests.get(FIXTURES + "NightlyEndToEnd#runsAtNight()").excludedBecause())
        .isEqualTo("not selected by dynamo.stage=pre-merge");
    assertThat(tests.get(FIXTURES + "NoLabels#unclassified()").excludedBecause())
        .startsWith("unclassified (missing @Stage, @TestType)");
    assertThat(violations("plan.schema.json", read(reports.resolve("plan.json")))).isEmpty();
  }

  @Test
  void summarizesOutcomesFailuresSkipsAndExclusionsAsJson() {
    String json = read(reports.resolve("summary.json"));
    Summary summary = ReportJson.read(json, Summary.class);

    assertThat(summary.totals()).isEqualTo(new Summary.Counts(4, 2, 0, 1, 0, 0, 1, 2));
    assertThat(summary.matrix())
        .containsExactly(new Summary.MatrixCell("pre-merge", "unit", 2, 0, 1, 0, 1));
    assertThat(summary.tests())
        .filteredOn(t -> t.outcome().equals("failed"))
        .singleElement()
        .satisfies(t -> assertThat(t.message()).contains("expected 3 replicas but found 2"));
    assertThat(summary.excluded())
        .extracting(Summary.Excluded::name)
        .containsExactlyInAnyOrder(
            FIXTURES + "NightlyEndToEnd#runsAtNight()", FIXTURES + "NoLabels#unclassified()");
    assertThat(violations("summary.schema.json", json)).isEmpty();
  }

  @Test
  void writesAMarkdownSummaryWithEveryFailureSkipReasonAndExclusion() {
    String markdown = read(reports.resolve("summary.md"));

    assertThat(markdown)
        .contains("**❌ 4 tests: 2 passed, 0 flaky, 1 failed, 0 aborted, 1 skipped**; 2 excluded")
        .contains("| pre-merge | unit | 2 | 0 | 1 | 0 | 1 |")
        .contains(
            "- `"
                + FIXTURES
                + "PassFailSkip#fails()` (failed, pre-merge unit): AssertionFailedError: expected 3"
                + " replicas but found 2")
        .contains(
            "- requires command 'dynamo-no-such-command': not found on PATH (1)\n  - `"
                + FIXTURES
                + "PassFailSkip#needsAMissingCommand()`")
        .contains("- not selected by dynamo.stage=pre-merge (1)")
        .contains("- unclassified (missing @Stage, @TestType)");
  }

  @Test
  void writesOneSelfContainedHtmlPageWithItsCharts() {
    String html = read(reports.resolve("report.html"));

    assertThat(html)
        .contains("id=\"chart-durations\"", "id=\"chart-outcomes\"", "id=\"chart-matrix\"")
        .contains("expected 3 replicas but found 2")
        .doesNotContain("http://", "https://", "<link", "src=\"")
        .contains("PassFailSkip#needsAMissingCommand()");
  }

  @Test
  void writesTheOtherReportsAndNamesTheCauseWhenOneCannotBeWritten(@TempDir Path blocked) {
    Path summaryMd = blocked.resolve("summary.md");
    summaryMd.resolve("in-the-way").toFile().mkdirs();
    PrintStream console = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      launch(blocked, Map.of("dynamo.stage", "pre-merge"), PassFailSkip.class);
    } finally {
      System.setErr(console);
    }
    String errors = printed.toString(StandardCharsets.UTF_8);
    console.print(errors);

    assertThat(summaryMd).isDirectory();
    assertThat(violations("summary.schema.json", read(blocked.resolve("summary.json")))).isEmpty();
    assertThat(read(blocked.resolve("report.html"))).contains("PassFailSkip#fails()");
    assertThat(read(blocked.resolve("plan.json"))).contains("PassFailSkip#fails()");
    assertThat(errors.lines().filter(line -> line.contains("Could not write")))
        .containsExactly(
            "[dynamo] Could not write the report "
                + summaryMd.toAbsolutePath().normalize()
                + ": java.nio.file.FileSystemException, root cause"
                + " java.nio.file.FileSystemException: "
                + summaryMd.toAbsolutePath().normalize()
                + ": Is a directory.");
  }

  @Test
  void namesTestsThatALauncherFilterRemovedAfterDiscovery(@TempDir Path filtered) {
    launch(
        filtered,
        Map.of("dynamo.stage", "nightly", "dynamo.empty", "allow"),
        List.of(TagFilter.excludeTags("slow")),
        NightlyEndToEnd.class);

    Summary summary = ReportJson.read(read(filtered.resolve("summary.json")), Summary.class);
    assertThat(summary.totals().tests()).isZero();
    assertThat(summary.excluded())
        .containsExactly(
            new Summary.Excluded(
                FIXTURES + "NightlyEndToEnd#runsAtNight()", SummaryBuilder.FILTERED));
  }
}

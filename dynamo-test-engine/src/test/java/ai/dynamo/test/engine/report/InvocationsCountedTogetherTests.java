package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static ai.dynamo.test.engine.report.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.LaunchedRun;
import ai.dynamo.test.engine.fixtures.ReportFixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The passed invocations of a parameterized, repeated or dynamic test are one entry of the reports,
 * with their count; every other invocation keeps its own entry; and every count still counts
 * invocations, as Surefire does.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Isolated("replaces System.out")
class InvocationsCountedTogetherTests {

  private static final String FIXTURE = ReportFixtures.ManyInvocations.class.getName();

  @TempDir Path reports;

  @Test
  void listsThePassedInvocationsOfAMethodOnceWithTheirCountAndCountsEveryInvocation() {
    String console =
        LaunchedRun.launch(
                reports, Map.of("dynamo.progress", "0"), ReportFixtures.ManyInvocations.class)
            .console();

    String json = read(reports.resolve("summary.json"));
    Summary summary = ReportJson.read(json, Summary.class);
    assertThat(violations("summary.schema.json", json)).isEmpty();
    assertThat(summary.totals()).isEqualTo(new Summary.Counts(250, 248, 0, 1, 1, 0, 0, 0));
    assertThat(summary.matrix())
        .containsExactly(new Summary.MatrixCell("pre-merge", "unit", 248, 0, 1, 1, 0));
    // An invocation that did not pass is named by its display name (JUnit's own: "[8] 7").
    assertThat(summary.tests())
        .extracting(
            t -> t.name().replaceFirst("(\\(int\\)) \\[(\\d+)\\].*", "$1 [$2]"),
            Summary.TestResult::outcome,
            Summary.TestResult::invocations)
        .containsExactlyInAnyOrder(
            tuple(FIXTURE + "#parses(int)", "passed", 198),
            tuple(FIXTURE + "#parses(int) [8]", "failed", 1),
            tuple(FIXTURE + "#parses(int) [12]", "aborted", 1),
            tuple(FIXTURE + "#repeats()", "passed", 30),
            tuple(FIXTURE + "#dynamic()", "passed", 20));
    assertThat(summary.tests().stream().mapToInt(Summary.TestResult::invocations).sum())
        .isEqualTo(summary.totals().tests());

    assertThat(console).containsPattern("total\\s+248\\s+0\\s+1\\s+1\\s+0");
    assertThat(read(reports.resolve("summary.md")))
        .contains("**❌ 250 tests: 248 passed, 0 flaky, 1 failed, 1 aborted, 0 skipped**");
    assertThat(read(reports.resolve("report.html")))
        .contains("#repeats()</code> <span class=\"meta\">30 invocations</span>");
  }
}

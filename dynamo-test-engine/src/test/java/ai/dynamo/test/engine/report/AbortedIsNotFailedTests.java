package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.LaunchedRun;
import ai.dynamo.test.engine.fixtures.ReportFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A test whose assumption did not hold was not run and did not fail: the console, the summaries and
 * the progress never call it failed; and the tests of a class aborted in {@code @BeforeAll} appear
 * in the summary as aborted, with the reason, instead of vanishing.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Isolated("replaces System.out")
class AbortedIsNotFailedTests {

  @TempDir Path reports;

  private String launch(Class<?>... classes) {
    return LaunchedRun.launch(reports, Map.of("dynamo.progress", "0"), classes).console();
  }

  private List<JsonNode> tests() throws IOException {
    JsonNode summary =
        new ObjectMapper().readTree(Files.readString(reports.resolve("summary.json")));
    return StreamSupport.stream(summary.get("tests").spliterator(), false).toList();
  }

  @Test
  void listsAbortedTestsByReasonAndNeverAsFailed() throws IOException {
    String console = launch(ReportFixtures.SevenAborted.class);

    assertThat(console)
        .containsPattern("total\\s+1\\s+0\\s+0\\s+7\\s+0")
        .contains("  aborted (an assumption did not hold), by reason:")
        .containsPattern(
            "\n    TestAbortedException: Assumption failed: not on this kernel \\(7\\): .+ and 6 more\n")
        .doesNotContain("\n  failed:");
    String markdown = Files.readString(reports.resolve("summary.md"));
    assertThat(markdown)
        .startsWith("# Test run summary")
        .contains("**✅ 8 tests: 1 passed, 0 flaky, 0 failed, 7 aborted, 0 skipped**")
        .contains("## Aborted (7)")
        .doesNotContain("## Failures");
    assertThat(Files.readString(reports.resolve("report.html")))
        .doesNotContain("#c62828\" fill-opacity");
  }

  @Test
  void theTestsOfAClassAbortedInBeforeAllAppearAsAbortedWithTheReason() throws IOException {
    String console = launch(ReportFixtures.AbortedInBeforeAll.class);

    assertThat(tests())
        .extracting(t -> t.get("name").asText(), t -> t.get("outcome").asText())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "ai.dynamo.test.engine.fixtures.ReportFixtures$AbortedInBeforeAll#first()",
                "aborted"),
            org.assertj.core.groups.Tuple.tuple(
                "ai.dynamo.test.engine.fixtures.ReportFixtures$AbortedInBeforeAll#second()",
                "aborted"),
            org.assertj.core.groups.Tuple.tuple(
                "ai.dynamo.test.engine.fixtures.ReportFixtures$AbortedInBeforeAll#third(int)",
                "aborted"));
    assertThat(tests())
        .allSatisfy(t -> assertThat(t.get("message").asText()).contains("no cluster"));
    assertThat(console)
        .containsPattern("nightly\\s+e2e\\s+0\\s+0\\s+0\\s+3\\s+0")
        .contains(
            "  counts: 3 tests of 1 class aborted in @BeforeAll are counted one by one; Surefire"
                + " counts each such class as 1 test, so its total is 2 lower");
  }
}

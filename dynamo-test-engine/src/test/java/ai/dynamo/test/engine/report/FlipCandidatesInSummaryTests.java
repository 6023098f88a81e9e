package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.report.ReportTestSupport.launch;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static ai.dynamo.test.engine.report.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs through a real Launcher, with a real history, list the run's flip candidates in {@code
 * summary.md}, {@code summary.json} and {@code report.html}, as {@code HistoryListener} prints
 * them.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("run-summary")
@Tutorial("docs/scheduling.md#how-do-i-find-tests-that-fail-without-a-code-change")
class FlipCandidatesInSummaryTests {

  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final String TEST =
      FollowsAFileFixture.class.getName() + "#passesWhileTheFileSaysPass()";

  @TempDir Path directory;

  @Test
  void aTestThatPassedThenFailedAtOneCleanRevisionIsListedInEverySummaryFile() throws IOException {
    Path reports = directory.resolve("reports");
    run("pass", COMMIT, reports);
    assertThat(read(reports.resolve("summary.md"))).contains("## Flip candidates\n\nnone\n");
    assertThat(ReportJson.read(read(reports.resolve("summary.json")), Summary.class))
        .extracting(Summary::flipCandidates)
        .asList()
        .isEmpty();

    run("fail", COMMIT, reports);

    assertThat(read(reports.resolve("summary.md")))
        .contains(
            "## Flip candidates (1)\n",
            "- `" + TEST + "`: 1 passed, 1 failed, 0 flaky at revision `0123456789ab`\n");
    String json = read(reports.resolve("summary.json"));
    assertThat(violations("summary.schema.json", json)).isEmpty();
    assertThat(ReportJson.read(json, Summary.class).flipCandidates())
        .containsExactly(new Summary.FlipCandidate(TEST, COMMIT, 1, 1, 0));
    assertThat(read(reports.resolve("report.html")))
        .contains(
            "<table id=\"flip-candidates\"",
            "<td><code>" + TEST + "</code></td><td><code>0123456789ab</code></td>");
  }

  @Test
  void aRevisionWithUncommittedChangesListsNone() throws IOException {
    Path reports = directory.resolve("reports");
    run("pass", COMMIT + "-dirty", reports);
    run("fail", COMMIT + "-dirty", reports);

    assertThat(read(reports.resolve("summary.md"))).contains("## Flip candidates\n\nnone\n");
    String json = read(reports.resolve("summary.json"));
    assertThat(violations("summary.schema.json", json)).isEmpty();
    assertThat(ReportJson.read(json, Summary.class).flipCandidates()).isEmpty();
    assertThat(read(reports.resolve("report.html")))
        .contains("<h2>Flip candidates</h2>\n<p>none</p>");
  }

  /** Runs the fixture at {@code revision}, passing or failing as {@code outcome} says. */
  private void run(String outcome, String revision, Path reports) throws IOException {
    FollowsAFileFixture.outcome = directory.resolve("outcome.txt");
    Files.writeString(FollowsAFileFixture.outcome, outcome);
    launch(
        reports,
        Map.of(
            "dynamo.history",
            directory.resolve("history").toString(),
            "dynamo.history.revision",
            revision),
        FollowsAFileFixture.class);
  }

  /** The same code with two outcomes: it passes or fails as the file {@link #outcome} says. */
  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class FollowsAFileFixture {
    static volatile Path outcome;

    @Test
    void passesWhileTheFileSaysPass() throws IOException {
      assertThat(Files.readString(outcome)).isEqualTo("pass");
    }
  }
}

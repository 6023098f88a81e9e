package ai.dynamo.test.engine.catalog;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.fixtures.ReportFixtures.NightlyEndToEnd;
import ai.dynamo.test.engine.fixtures.ReportFixtures.ParserInPreMerge;
import ai.dynamo.test.engine.fixtures.ReportFixtures.ParserMovedToNightly;
import ai.dynamo.test.engine.fixtures.ReportFixtures.PassFailSkip;
import ai.dynamo.test.engine.report.ReportTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life-cycle table of the strategy document, written from the plans and checked against them.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("strategy-document")
@Tutorial("docs/reports.md#keep-the-testing-strategy-document-true")
class StrategyDocumentTests {

  @TempDir Path project;
  private Path pipelines;
  private Path document;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writePipelinesAndDocument() throws IOException {
    pipelines = project.resolve("dynamo-pipelines.properties");
    Files.writeString(
        pipelines,
        String.join(
            "\n",
            "stage.pre-merge.trigger=every pull request",
            "stage.pre-merge.runner=Maven Surefire",
            "stage.pre-merge.local.environment=laptop, JDK 17",
            "stage.pre-merge.local.command=./mvnw verify -Ddynamo.stage=pre-merge",
            "stage.pre-merge.ci.environment=CI runner",
            "stage.pre-merge.ci.command=bash .ci/run",
            "stage.pre-merge.budget=10 min",
            "stage.nightly.trigger=02:00 UTC",
            "stage.nightly.runner=Maven Failsafe",
            ""));
    document = project.resolve("testing-strategy.md");
    Files.writeString(
        document,
        "# Our strategy\n\nWords of our own.\n\n"
            + StrategyDocument.BEGIN
            + "\nold table\n"
            + StrategyDocument.END
            + "\n\nMore words.\n");
  }

  /** Runs {@code classes} in a dry run and returns the plan it wrote. */
  private Path planOf(String name, Class<?>... classes) {
    Path reports = project.resolve(name);
    ReportTestSupport.launch(reports, Map.of("dynamo.dry-run", "true"), classes);
    return reports.resolve("plan.json");
  }

  private int run(String mode, Path... plans) {
    String[] args = new String[5 + plans.length];
    args[0] = mode;
    args[1] = "--pipelines";
    args[2] = pipelines.toString();
    args[3] = "--document";
    args[4] = document.toString();
    for (int i = 0; i < plans.length; i++) {
      args[5 + i] = plans[i].toString();
    }
    return StrategyDocument.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void writesTheLifeCycleTableWithTestsByTypeAndRequirementBetweenTheMarkers() throws IOException {
    Path plan = planOf("a", PassFailSkip.class, NightlyEndToEnd.class, ParserInPreMerge.class);

    assertThat(run("--write", plan)).isZero();

    String written = Files.readString(document);
    assertThat(written)
        .startsWith("# Our strategy\n\nWords of our own.\n\n" + StrategyDocument.BEGIN + "\n")
        .endsWith(StrategyDocument.END + "\n\nMore words.\n")
        .doesNotContain("old table")
        .contains(
            "| pre-merge | Maven Surefire | laptop, JDK 17 | `./mvnw verify"
                + " -Ddynamo.stage=pre-merge` | CI runner | `bash .ci/run` |")
        .contains("| nightly | Maven Failsafe | — | — | — | — |")
        .contains("| Life-cycle | Trigger | Time budget | Tests | unit | e2e | Requirements |")
        .contains(
            "| pre-merge | every pull request | 10 min | 5 | 5 | 0 |"
                + " command dynamo-no-such-command: 1 |")
        .contains("| nightly | 02:00 UTC | — | 1 | 0 | 1 | none |");
  }

  @Test
  void theTableCountsPytestAndNextestTestsUnderTheStageAndTypeTheRulesGiveThem()
      throws IOException, URISyntaxException {
    Path plan = planOf("a", PassFailSkip.class, NightlyEndToEnd.class, ParserInPreMerge.class);
    Path foreign = Path.of(Objects.requireNonNull(getClass().getResource("/foreign")).toURI());

    int status =
        StrategyDocument.run(
            new String[] {
              "--write",
              "--pipelines",
              pipelines.toString(),
              "--document",
              document.toString(),
              "--junit-xml",
              "pytest:"
                  + foreign.resolve("pytest-junit.xml")
                  + ",nextest:"
                  + foreign.resolve("nextest-junit.xml"),
              "--foreign-rules",
              foreign.resolve("dynamo-foreign.properties").toString(),
              // A reports directory stands for the plan.json in it.
              plan.getParent().toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    // Java: pre-merge 5 unit, nightly 1 e2e. pytest: pre-merge 3 unit (a parameterized test once),
    // nightly 3 e2e, one with gpu_2, one without a stage; nextest: pre-merge 4 unit, nightly 1 e2e.
    assertThat(Files.readString(document))
        .contains("| Life-cycle | Trigger | Time budget | Tests | unit | e2e | Requirements |")
        .contains(
            "| pre-merge | every pull request | 10 min | 12 | 12 | 0 |"
                + " command dynamo-no-such-command: 1 |")
        .contains("| nightly | 02:00 UTC | — | 5 | 0 | 5 | gpu×2: 1 |")
        .contains(
            "18 tests in all; 1 unclassified (no stage or no type); 12 from other runners' JUnit"
                + " XML (5 nextest, 7 pytest), classified by their markers and names"
                + " (--foreign-rules).");
  }

  @Test
  void checkPassesWhileTheDocumentMatchesTheTests() {
    Path plan = planOf("a", ParserInPreMerge.class);
    run("--write", plan);

    assertThat(run("--check", plan)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("matches the tests");
  }

  @Test
  void checkFailsWithADiffWhenATestMovesToAnotherStage() {
    run("--write", planOf("before", ParserInPreMerge.class));

    int status = run("--check", planOf("after", ParserMovedToNightly.class));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no longer matches the tests")
        .contains("- | pre-merge | every pull request | 10 min | 1 | 1 | none |")
        .contains("+ | pre-merge | every pull request | 10 min | 0 | 0 | none |")
        .contains("- | nightly | 02:00 UTC | — | 0 | 0 | none |")
        .contains("+ | nightly | 02:00 UTC | — | 1 | 1 | none |")
        .contains("--write");
  }

  @Test
  void rejectsAnUnknownStageInThePipelinesNamingTheValidOnes() throws IOException {
    Files.writeString(pipelines, "stage.pre-merj.trigger=every pull request\n");

    assertThat(run("--write", planOf("a", ParserInPreMerge.class))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown stage 'pre-merj'")
        .contains("pre-commit, pre-merge, post-merge, nightly, weekly, qa, pre-release");
  }

  @Test
  void asksForTheMarkersWhenTheDocumentHasNone() throws IOException {
    Files.writeString(document, "# Strategy without a table\n");

    assertThat(run("--write", planOf("a", ParserInPreMerge.class))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(StrategyDocument.BEGIN);
  }
}

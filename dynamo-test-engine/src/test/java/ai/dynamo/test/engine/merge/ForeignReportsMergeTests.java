package ai.dynamo.test.engine.merge;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static ai.dynamo.test.engine.report.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.LaunchedRun;
import ai.dynamo.test.engine.fixtures.ReportFixtures;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.report.ReportJson;
import ai.dynamo.test.engine.report.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JUnit XML of pytest and cargo-nextest merged with the shards of a JUnit stage: one summary
 * and one plan, their tests under the stage and type the rules give them, marked with their runner;
 * what the rules do not classify reported, never dropped; a bad rules file refused by name.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Tutorial("docs/scheduling.md#other-languages-tests")
class ForeignReportsMergeTests {

  private static final String STAGE = "pre-merge,nightly";
  private static final String PYTEST = "pytest:foreign/pytest-junit.xml";
  private static final String NEXTEST = "nextest:foreign/nextest-junit.xml";
  private static final String RULES = "foreign/dynamo-foreign.properties";

  @TempDir static Path work;

  @BeforeAll
  static void runTwoShardsAndCopyTheFixtures() throws IOException, URISyntaxException {
    for (int shard = 1; shard <= 2; shard++) {
      LaunchedRun.launch(
          work.resolve("shards/" + shard),
          Map.of(
              "dynamo.progress",
              "0",
              "dynamo.stage",
              STAGE,
              "dynamo.history.revision",
              "0123456789abcdef0123456789abcdef01234567",
              "dynamo.shard",
              shard + "/2"),
          ReportFixtures.PassFailSkip.class,
          ReportFixtures.NightlyEndToEnd.class);
    }
    Path fixtures =
        Path.of(
            Objects.requireNonNull(ForeignReportsMergeTests.class.getResource("/foreign")).toURI());
    Files.createDirectories(work.resolve("foreign"));
    for (String file :
        List.of(
            "pytest-junit.xml",
            "pytest-junit-xunit1.xml",
            "nextest-junit.xml",
            "dynamo-foreign.properties")) {
      Files.copy(fixtures.resolve(file), work.resolve("foreign").resolve(file));
    }
  }

  private record Merged(int status, String out, String err) {}

  private static Merged merge(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        MergeReports.run(
            args,
            work,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Merged(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Summary summary(String dir) {
    return ReportJson.read(read(work.resolve(dir).resolve("summary.json")), Summary.class);
  }

  private static Summary.TestResult test(Summary summary, String name) {
    return summary.tests().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no test " + name + " in " + summary.tests()));
  }

  private static Map<String, Summary.MatrixCell> cells(Summary summary) {
    return summary.matrix().stream()
        .collect(Collectors.toMap(c -> c.stage() + " / " + c.type(), c -> c));
  }

  @Test
  void pytestAndNextestTestsJoinTheMergedSummaryUnderTheirStageAndType() {
    Merged javaOnly = merge("--inputs", "shards/*", "--output", "java-only");
    Merged merged =
        merge(
            "--inputs",
            "shards/*",
            "--output",
            "merged",
            "--junit-xml",
            PYTEST + "," + NEXTEST,
            "--foreign-rules",
            RULES);

    assertThat(javaOnly.status()).as(javaOnly.err()).isZero();
    assertThat(merged.status()).as(merged.err()).isZero();
    String json = read(work.resolve("merged/summary.json"));
    assertThat(violations("summary.schema.json", json)).isEmpty();
    Summary java = summary("java-only");
    Summary result = summary("merged");

    // pytest: 9 invocations (6 passed, 2 failed, 1 skipped); nextest: 5 (3 passed, 1 flaky, 1
    // failed). Every one counted; the passed parameters of one test in one entry.
    Summary.Counts before = java.totals();
    assertThat(result.totals())
        .isEqualTo(
            new Summary.Counts(
                before.tests() + 14,
                before.passed() + 9,
                before.flaky() + 1,
                before.failed() + 3,
                before.aborted(),
                before.quarantined(),
                before.skipped() + 1,
                before.excluded()));

    assertThat(
            result.tests().stream()
                .filter(t -> t.runner() != null)
                .map(
                    t ->
                        tuple(
                            t.runner(),
                            t.name(),
                            String.join(",", t.stages()),
                            t.type(),
                            t.outcome(),
                            t.invocations())))
        .containsExactly(
            tuple(
                "pytest",
                "tests/serve/test_serve.py::test_disaggregated_serving",
                "nightly",
                "e2e",
                "skipped",
                1),
            tuple(
                "pytest",
                "tests/serve/test_serve.py::test_serve_health_endpoint",
                "nightly",
                "e2e",
                "passed",
                1),
            tuple(
                "pytest",
                "tests/serve/test_serve.py::test_openai_chat_completion",
                "nightly",
                "e2e",
                "passed",
                1),
            tuple(
                "pytest",
                "tests/unit/test_router.py::test_routes_to_least_loaded_worker",
                "pre-merge",
                "unit",
                "passed",
                1),
            tuple(
                "pytest",
                "tests/unit/test_router.py::test_kv_block_hash",
                "pre-merge",
                "unit",
                "passed",
                2),
            tuple(
                "pytest",
                "tests/unit/test_router.py::test_kv_block_hash[17]",
                "pre-merge",
                "unit",
                "failed",
                1),
            tuple(
                "pytest",
                "tests/unit/test_router.py::test_rejects_empty_prompt",
                "pre-merge",
                "unit",
                "failed",
                1),
            tuple(
                "pytest",
                "tests/unit/test_router.py::TestTokenizer::test_roundtrip",
                "",
                "unit",
                "passed",
                1),
            tuple(
                "nextest",
                "dynamo-llm::kv_router::indexer::tests::test_apply_stored_event",
                "pre-merge",
                "unit",
                "passed",
                1),
            tuple(
                "nextest",
                "dynamo-llm::kv_router::scheduler::tests::test_cost_prefers_cached_blocks",
                "pre-merge",
                "unit",
                "passed",
                1),
            tuple(
                "nextest",
                "dynamo-llm::tokenizers::tests::test_decode_stream_utf8",
                "pre-merge",
                "unit",
                "flaky",
                1),
            tuple(
                "nextest",
                "dynamo-llm::e2e_serve::e2e::serve::test_chat_completion_stream",
                "nightly",
                "e2e",
                "failed",
                1),
            tuple(
                "nextest",
                "dynamo-runtime::pipeline::tests::test_segments_keep_order",
                "pre-merge",
                "unit",
                "passed",
                1));
    assertThat(test(result, "tests/serve/test_serve.py::test_disaggregated_serving"))
        .satisfies(
            t -> {
              assertThat(t.message()).isEqualTo("needs 2 GPUs, found 0");
              assertThat(t.requirements()).containsExactly("gpu×2");
              assertThat(t.tags()).containsExactly("e2e", "gpu_2", "nightly");
            });
    assertThat(test(result, "tests/unit/test_router.py::test_kv_block_hash[17]").message())
        .startsWith("AssertionError: block size 17 is not a multiple of 16");
    assertThat(
            test(result, "dynamo-llm::e2e_serve::e2e::serve::test_chat_completion_stream")
                .message())
        .isEqualTo(
            "thread 'e2e::serve::test_chat_completion_stream' panicked at"
                + " lib/llm/tests/e2e_serve.rs:57:5:");
    assertThat(result.flaky())
        .extracting(Summary.FlakyTest::name)
        .contains("dynamo-llm::tokenizers::tests::test_decode_stream_utf8");

    // The matrix: the Java cells plus the other runners' invocations in the same cells.
    Map<String, Summary.MatrixCell> javaCells = cells(java);
    Map<String, Summary.MatrixCell> cells = cells(result);
    Summary.MatrixCell preMergeUnit = javaCells.get("pre-merge / unit");
    assertThat(cells.get("pre-merge / unit"))
        .isEqualTo(
            new Summary.MatrixCell(
                "pre-merge",
                "unit",
                preMergeUnit.passed() + 3 + 3,
                preMergeUnit.flaky() + 1,
                preMergeUnit.failed() + 2,
                preMergeUnit.aborted(),
                preMergeUnit.skipped()));
    Summary.MatrixCell nightlyE2e = javaCells.get("nightly / e2e");
    assertThat(cells.get("nightly / e2e"))
        .isEqualTo(
            new Summary.MatrixCell(
                "nightly",
                "e2e",
                nightlyE2e.passed() + 2,
                nightlyE2e.flaky(),
                nightlyE2e.failed() + 1,
                nightlyE2e.aborted(),
                nightlyE2e.skipped() + 1));
    assertThat(cells.get("(no stage) / unit"))
        .isEqualTo(new Summary.MatrixCell("(no stage)", "unit", 1, 0, 0, 0, 0));
    assertThat(
            result.matrix().stream()
                .mapToInt(c -> c.passed() + c.flaky() + c.failed() + c.aborted() + c.skipped())
                .sum())
        .isEqualTo(result.totals().tests());

    // What the rules left open is reported, not dropped.
    assertThat(result.run().merge().foreign())
        .containsExactly(
            new Summary.ForeignReport(
                "pytest", "foreign/pytest-junit.xml", 9, 1, List.of("slow (1 test)")),
            new Summary.ForeignReport("nextest", "foreign/nextest-junit.xml", 5, 0, List.of()));
    assertThat(read(work.resolve("merged").resolve(ForeignTests.UNCLASSIFIED_FILE)))
        .contains(
            "pytest tests/unit/test_router.py::TestTokenizer::test_roundtrip: no stage, type unit"
                + " (markers: slow)")
        .contains("pytest marker slow: no rule maps it (1 test)");
    assertThat(merged.out())
        .contains("pytest foreign/pytest-junit.xml: 9 tests, 1 unclassified")
        .contains("listed in foreign-unclassified.txt");

    // The reports mark the tests with their runner.
    assertThat(read(work.resolve("merged/summary.md")))
        .contains("with pytest (9 tests), nextest (5 tests)")
        .contains(
            "`tests/unit/test_router.py::test_rejects_empty_prompt` [pytest] (failed, pre-merge"
                + " unit)")
        .contains("## Tests of other runners")
        .contains("slow (1 test)");
    assertThat(read(work.resolve("merged/report.html")))
        .contains("<span class=\"meta runner\">nextest</span>")
        .contains("<h2>Tests of other runners</h2>")
        .contains("<td>slow (1 test)</td>");

    // The merged plan lists them once per test, with their runner and the rule that classified
    // them by name: the strategy document reads it.
    String planJson = read(work.resolve("merged/plan.json"));
    assertThat(violations("plan.schema.json", planJson)).isEmpty();
    Plan plan = ReportJson.read(planJson, Plan.class);
    assertThat(plan.tests().stream().filter(t -> t.runner() != null))
        .hasSize(12)
        .anySatisfy(
            t -> {
              assertThat(t.name())
                  .isEqualTo("tests/serve/test_serve.py::test_openai_chat_completion");
              assertThat(t.classifiedBy()).isEqualTo("pytest:tests/serve/**");
              assertThat(t.stages()).containsExactly("nightly");
            });
  }

  @Test
  void pytestsXunit1ReportGivesTheSameTestsAsItsDefaultXunit2Report() {
    // xunit1 names the file of each test; xunit2 (pytest's default) only its dotted module.
    Merged xunit2 =
        merge(
            "--inputs",
            "shards/*",
            "--output",
            "xunit2",
            "--junit-xml",
            PYTEST,
            "--foreign-rules",
            RULES);
    Merged xunit1 =
        merge(
            "--inputs",
            "shards/*",
            "--output",
            "xunit1",
            "--junit-xml",
            "pytest:foreign/pytest-junit-xunit1.xml",
            "--foreign-rules",
            RULES);

    assertThat(xunit2.status()).as(xunit2.err()).isZero();
    assertThat(xunit1.status()).as(xunit1.err()).isZero();
    java.util.function.Function<Summary, List<String>> pytestTests =
        s ->
            s.tests().stream()
                .filter(t -> "pytest".equals(t.runner()))
                .map(
                    t ->
                        String.join(
                            " | ",
                            t.name(),
                            t.className(),
                            String.join(",", t.stages()),
                            String.valueOf(t.type()),
                            String.join(",", t.requirements()),
                            t.outcome(),
                            String.valueOf(t.invocations())))
                .toList();
    assertThat(pytestTests.apply(summary("xunit1")))
        .hasSize(8)
        .contains(
            "tests/unit/test_router.py::TestTokenizer::test_roundtrip"
                + " | tests/unit/test_router.py::TestTokenizer |  | unit |  | passed | 1")
        .isEqualTo(pytestTests.apply(summary("xunit2")));
    assertThat(summary("xunit1").totals()).isEqualTo(summary("xunit2").totals());
  }

  @Test
  void aRulesFileWithAnUnknownStageIsRefusedWithTheValidStages() throws IOException {
    Files.writeString(work.resolve("bad-stage.properties"), "marker.pre_merge = premerge; unit\n");
    Files.writeString(work.resolve("bad-type.properties"), "nextest:** = nightly; e2e-test\n");
    Files.writeString(work.resolve("bad-key.properties"), "pre_merge = pre-merge;\n");
    Files.writeString(work.resolve("bad-runner.properties"), "cargo:** = pre-merge; unit\n");

    Merged stage =
        merge(
            "--inputs",
            "shards/*",
            "--junit-xml",
            PYTEST,
            "--foreign-rules",
            "bad-stage.properties");
    Merged type =
        merge(
            "--inputs",
            "shards/*",
            "--junit-xml",
            PYTEST,
            "--foreign-rules",
            "bad-type.properties");
    Merged key =
        merge(
            "--inputs", "shards/*", "--junit-xml", PYTEST, "--foreign-rules", "bad-key.properties");
    Merged runner =
        merge(
            "--inputs",
            "shards/*",
            "--junit-xml",
            PYTEST,
            "--foreign-rules",
            "bad-runner.properties");

    assertThat(Stream.of(stage, type, key, runner))
        .allSatisfy(m -> assertThat(m.status()).isEqualTo(2));
    assertThat(stage.err())
        .contains("line 1 of")
        .contains("unknown stage 'premerge'")
        .contains("Valid stages: pre-commit, pre-merge, post-merge, nightly");
    assertThat(type.err())
        .contains("unknown test type 'e2e-test'")
        .contains("Valid types: unit, integration, e2e");
    assertThat(key.err()).contains("unknown key 'pre_merge'").contains("'marker.<marker>'");
    assertThat(runner.err())
        .contains("unknown runner 'cargo'")
        .contains("Valid runners: pytest, nextest");
    assertThat(Files.exists(work.resolve("target/dynamo-merged"))).isFalse();
  }

  @Test
  void anUnknownRunnerOnTheCommandLineIsRefusedWithTheNearestOne() {
    Merged typo = merge("--inputs", "shards/*", "--junit-xml", "pytset:foreign/pytest-junit.xml");
    Merged noRunner = merge("--inputs", "shards/*", "--junit-xml", "foreign/pytest-junit.xml");
    Merged rulesAlone = merge("--inputs", "shards/*", "--foreign-rules", RULES);
    Merged missing = merge("--inputs", "shards/*", "--junit-xml", "pytest:no/such.xml");

    assertThat(typo.status()).isEqualTo(MergeReports.USAGE);
    assertThat(typo.err())
        .contains("unknown runner 'pytset' (did you mean pytest?)")
        .contains("Valid runners: pytest, nextest");
    assertThat(noRunner.status()).isEqualTo(MergeReports.USAGE);
    assertThat(noRunner.err()).contains("takes <runner>:<file>");
    assertThat(rulesAlone.status()).isEqualTo(MergeReports.USAGE);
    assertThat(rulesAlone.err()).contains("no --junit-xml");
    assertThat(missing.status()).isEqualTo(MergeReports.REFUSED);
    assertThat(missing.err()).contains("no JUnit XML report at").contains("no/such.xml");
  }
}

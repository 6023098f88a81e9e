package ai.dynamo.test.engine.reporting;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.E2E;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.reporting.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Capability;
import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.labels.RequirementSpec;
import ai.dynamo.test.engine.labels.TestLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Markdown and JSON summaries of one fixed run, compared with the files under {@code
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
    return new Plan.PlannedTest(
        name,
        name.replaceFirst("#.*", ""),
        stages,
        type,
        requirements,
        List.of(),
        features,
        tutorials,
        excludedBecause == null,
        excludedBecause,
        null);
  }

  static Summary fixedRun() {
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
                    null),
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
                0));
    return SummaryBuilder.build(
        plan,
        records,
        Set.of(
            "com.example.TokenizerTest#splits()",
            "com.example.TokenizerTest#rejectsEmptyInput()",
            "com.example.RouterIT#routesByPrefix(int)",
            "com.example.ServingE2ETest#servesTwoGpus()"),
        "dynamo.stage=pre-merge,nightly",
        false,
        Instant.parse("2026-01-02T03:04:05Z"),
        2345);
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
  void readsBackTheJsonItWrites() {
    Summary summary = fixedRun();

    assertThat(ReportJson.read(ReportJson.write(summary), Summary.class)).isEqualTo(summary);
  }

  private static void assertMatchesGolden(String name, String actual) throws IOException {
    Path golden = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual);
    }
    assertThat(golden).as("golden file %s (create it with -Dgolden.update=true)", golden).exists();
    assertThat(actual).isEqualTo(Files.readString(golden));
  }
}

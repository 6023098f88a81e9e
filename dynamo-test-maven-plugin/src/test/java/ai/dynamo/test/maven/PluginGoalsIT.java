package ai.dynamo.test.maven;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.maven.FixtureBuild.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The goals of dynamo-test-maven-plugin as a user runs them: real Maven builds of {@code
 * src/it/sharded-project}, a project that declares the plugin and has three classified test
 * classes, each asserting what the user sees on the console and in the files the goal writes.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class PluginGoalsIT {

  /** Stack frames, which a user's mistake must never print. */
  private static final String STACK_FRAME = "\tat ";

  @Test
  void planPrintsTheShardMatrixOfTheHistorySeededFromSurefireReports() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("sharded-project", "plan");
    Result build =
        fixture.mvn(
            "-q",
            "test",
            "dynamo-test:plan",
            "-Ddynamo-test.seedFrom=target/surefire-reports",
            "-Ddynamo-test.shards=2",
            "-Ddynamo-test.planOutput=target/plan-matrix.json");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(build.output())
        .as(build.describe())
        .contains("\"shards\": 2")
        .contains("\"matrix\": [\"1/2\", \"2/2\"]")
        .contains("\"include\": [{\"shard\": \"1/2\"");
    String written = Files.readString(fixture.directory().resolve("target/plan-matrix.json"));
    assertThat(written)
        .contains("\"matrix\": [\"1/2\", \"2/2\"]")
        .contains("example.AlphaTest", "example.BetaTest", "example.GammaTest");
    assertThat(build.output()).as(build.describe()).contains(written.strip());
  }

  @Test
  void mergeOfTwoShardRunsWritesOneSummaryWithTheTotalsOfAllShards() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("sharded-project", "merge");
    for (int shard = 1; shard <= 2; shard++) {
      Result run =
          fixture.mvn(
              "-q",
              "test",
              "-Ddynamo.shard=" + shard + "/2",
              "-Ddynamo.reports.dir=shards/" + shard + "/target/dynamo");
      assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    Result merge = fixture.mvn("dynamo-test:merge", "-Ddynamo-test.inputs=shards/*/target/dynamo");

    assertThat(merge.exitCode()).as(merge.describe()).isZero();
    assertThat(merge.output())
        .as(merge.describe())
        .contains("[dynamo] Merged 2 of 2 shards: 6 tests, 6 passed");
    Path merged = fixture.directory().resolve("target/dynamo-merged");
    assertThat(merged.resolve("summary.md")).isRegularFile();
    assertThat(merged.resolve("report.html")).isRegularFile();
    assertThat(Files.readString(merged.resolve("summary.json")))
        .containsPattern("\"totals\"\\s*:\\s*\\{\\s*\"tests\"\\s*:\\s*6,\\s*\"passed\"\\s*:\\s*6,")
        .contains("example.AlphaTest", "example.BetaTest", "example.GammaTest");

    Result partial =
        fixture.mvn(
            "dynamo-test:merge",
            "-Ddynamo-test.inputs=shards/1/target/dynamo",
            "-Ddynamo-test.output=target/partial");
    assertThat(partial.exitCode()).as(partial.describe()).isNotZero();
    assertThat(partial.output())
        .as(partial.describe())
        .contains("dynamo-test:merge failed (MergeReports")
        .contains("Cannot merge: shard 2 of 2 is missing")
        .contains("dynamo-test.partial")
        .doesNotContain(STACK_FRAME);
  }

  @Test
  void checkFailsNamingAnUnclassifiedTestUntilItsClassIsExcluded() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("sharded-project", "check");
    Files.writeString(
        fixture.directory().resolve("src/test/java/example/LegacyTest.java"),
        """
        package example;

        import static org.junit.jupiter.api.Assertions.assertTrue;

        import org.junit.jupiter.api.Test;

        class LegacyTest {

          @Test
          void stillWorks() {
            assertTrue(true);
          }
        }
        """);

    Result check = fixture.mvn("test-compile", "dynamo-test:check");

    assertThat(check.exitCode()).as(check.describe()).isNotZero();
    assertThat(check.output())
        .as(check.describe())
        .contains("UNCLASSIFIED example.LegacyTest#stillWorks() (missing @Stage, @TestType)")
        .contains("Classification check: 7 tests, 1 unclassified")
        .contains("-Ddynamo-test.excludes=")
        .doesNotContain(STACK_FRAME);

    Result excluded =
        fixture.mvn("test-compile", "dynamo-test:check", "-Ddynamo-test.excludes=.*LegacyTest");
    assertThat(excluded.exitCode()).as(excluded.describe()).isZero();
    assertThat(excluded.output())
        .as(excluded.describe())
        .contains("Classification check: 6 tests, 0 unclassified.");
  }

  @Test
  void checkFailsWhenTheStrategyDocumentNoLongerMatchesTheTests() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("sharded-project", "check-document");

    Result check =
        fixture.mvn(
            "test",
            "dynamo-test:check",
            "-Ddynamo.dry-run=true",
            "-Ddynamo-test.document=testing-strategy.md");

    assertThat(check.exitCode()).as(check.describe()).isNotZero();
    assertThat(check.output())
        .as(check.describe())
        .contains("Classification check: 6 tests, 0 unclassified.")
        .contains("testing-strategy.md no longer matches the tests")
        .contains("- (out of date: nothing generated yet)")
        .contains("+ | pre-merge | every pull request | 10 min | 6 | 6 | none |")
        .doesNotContain(STACK_FRAME);
  }

  @Test
  void misspeltPropertyFailsNamingTheNearestValidOne() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("sharded-project", "misspelt");

    Result plan = fixture.mvn("dynamo-test:plan", "-Ddynamo-test.stagee=nightly");

    assertThat(plan.exitCode()).as(plan.describe()).isNotZero();
    assertThat(plan.output())
        .as(plan.describe())
        .contains("Unknown property dynamo-test.stagee (did you mean dynamo-test.stage?)")
        .contains("The properties of dynamo-test:plan are dynamo-test.history")
        .doesNotContain("\"matrix\"")
        .doesNotContain(STACK_FRAME);
  }

  @Test
  void malformedValuesFailWithTheToolsMessage() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("sharded-project", "malformed");

    Result shards = fixture.mvn("dynamo-test:plan", "-Ddynamo-test.shards=x");
    assertThat(shards.exitCode()).as(shards.describe()).isNotZero();
    assertThat(shards.output())
        .as(shards.describe())
        .contains("Invalid dynamo-test.shards x: expected a whole number >= 1.")
        .contains("The properties of dynamo-test:plan: dynamo-test.history")
        .doesNotContain("NumberFormatException")
        .doesNotContain(STACK_FRAME);

    Result partial =
        fixture.mvn(
            "dynamo-test:merge", "-Ddynamo-test.inputs=shards/*", "-Ddynamo-test.partial=maybe");
    assertThat(partial.exitCode()).as(partial.describe()).isNotZero();
    assertThat(partial.output())
        .as(partial.describe())
        .contains("Invalid dynamo-test.partial 'maybe': expected true or false.")
        .doesNotContain(STACK_FRAME);
  }
}

package ai.dynamo.test.engine.selection;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.selection.FixtureBuild.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The planner's per-shard include files as a CI job hands them to Surefire: {@code ShardPlanner
 * --includes-dir} run as a command, then a real Maven build of {@code src/it/stage-selection} with
 * {@code -Dsurefire.includesFile}, judged by Surefire's XML reports.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class SurefireShardIncludesIT {

  private static final String FIXTURE = "stage-selection";

  @Test
  void surefireRunsExactlyTheClassesOfTheShardsIncludeFile() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy(FIXTURE, "shard-includes");
    Path includes = plan(fixture.directory(), 4);

    Result build = fixture.test("-Dsurefire.includesFile=" + includes.resolve("shard-2-of-4.txt"));

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(build.reports().ids())
        .as(build.describe())
        .containsExactly("MixedStagesTest.connects", "MixedStagesTest.reconnectsAfterOutage");
  }

  @Test
  void anEmptyShardsIncludeFileRunsNoTestRatherThanEveryTest() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy(FIXTURE, "shard-includes-empty");
    Path includes = plan(fixture.directory(), 4);

    Result build = fixture.test("-Dsurefire.includesFile=" + includes.resolve("shard-4-of-4.txt"));

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(build.reports().ids()).as(build.describe()).isEmpty();
  }

  /**
   * Records three of the fixture's classes in a history and runs the planner's command line for
   * {@code shards} shards: NightlySoakTest, MixedStagesTest and QuickChecksTest get shards 1, 2 and
   * 3 by their durations, and the last shard none.
   */
  private static Path plan(Path project, int shards) throws Exception {
    Path history = project.resolve("target/planned-history");
    new HistoryStore(history, 10, System.out::println)
        .write(
            List.of(
                record("example.stages.NightlySoakTest", 30_000),
                record("example.stages.MixedStagesTest", 20_000),
                record("example.stages.QuickChecksTest", 10_000)),
            false);
    Path includes = project.resolve("target/shard-includes");
    Path log = project.resolve("planner.log");
    Process planner =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "ai.dynamo.test.engine.scheduling.ShardPlanner",
                "--history",
                history.toString(),
                "--shards",
                String.valueOf(shards),
                "--includes-dir",
                includes.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(planner.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(planner.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
    return includes;
  }

  private static HistoryRecord record(String className, long millis) {
    return new HistoryRecord(
        "r", 1, Scope.CLASS, className, millis, Outcome.PASSED, "nightly", "integration");
  }
}

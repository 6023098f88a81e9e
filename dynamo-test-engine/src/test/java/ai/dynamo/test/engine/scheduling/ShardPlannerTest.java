package ai.dynamo.test.engine.scheduling;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import ai.dynamo.test.engine.history.HistoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Stage(PRE_MERGE)
@TestType(UNIT)
class ShardPlannerTest {

  @Test
  void plansTheFewestShardsThatFinishWithinTheBudget() {
    Map<String, Long> classes = ShardPartitionTest.lognormal(new Random(5), 2_000);
    Duration budget = Duration.ofMinutes(30);

    ShardPlanner.Plan plan = ShardPlanner.forBudget(classes, budget, 256);

    assertThat(plan.fits()).isTrue();
    assertThat(plan.partition().makespan()).isLessThanOrEqualTo(budget.toMillis());
    assertThat(ShardPartition.of(classes, plan.shards() - 1).makespan())
        .isGreaterThan(budget.toMillis());
  }

  @Test
  void saysSoWhenOneClassAloneIsLongerThanTheBudget() {
    ShardPlanner.Plan plan =
        ShardPlanner.forBudget(
            Map.of("a.Long", 3_600_000L, "a.Short", 1_000L), Duration.ofMinutes(30), 64);
    assertThat(plan.fits()).isFalse();
    assertThat(plan.partition().makespan()).isEqualTo(3_600_000L);
  }

  @Test
  void printsTheSplitOfTheStageAsJsonForACiMatrix(@TempDir Path history) {
    List<HistoryRecord> records = new ArrayList<>();
    records.add(nightly("com.example.AlphaIT", 20 * 60_000));
    records.add(nightly("com.example.BetaIT", 15 * 60_000));
    records.add(nightly("com.example.GammaIT", 10 * 60_000));
    records.add(
        new HistoryRecord(
            "r",
            1,
            Scope.CLASS,
            "com.example.PreMergeTest",
            50 * 60_000,
            Outcome.PASSED,
            "pre-merge",
            "unit"));
    new HistoryStore(history, 10, System.out::println).write(records, false);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        ShardPlanner.run(
            new String[] {"--history", history.toString(), "--stage", "nightly", "--budget", "25m"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    String json = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(json)
        .contains("\"shards\": 2")
        .contains("\"fitsBudget\": true")
        .contains("\"matrix\": [\"1/2\", \"2/2\"]")
        .contains(
            "\"include\": [{\"shard\": \"1/2\", \"estimatedMillis\": 1200000, \"estimated\":"
                + " \"20m 00s\"}, {\"shard\": \"2/2\", \"estimatedMillis\": 1500000, \"estimated\":"
                + " \"25m 00s\"}]")
        .contains(
            "{\"shard\": \"1/2\", \"estimatedMillis\": 1200000, \"classes\": [\"com.example.AlphaIT\"]}")
        .contains(
            "{\"shard\": \"2/2\", \"estimatedMillis\": 1500000, \"classes\": [\"com.example.BetaIT\", \"com.example.GammaIT\"]}")
        .doesNotContain("PreMergeTest");
  }

  @Test
  void writesEachShardsClassesAsASurefireIncludeFile(@TempDir Path dir) throws Exception {
    Path history = dir.resolve("history");
    new HistoryStore(history, 10, System.out::println)
        .write(
            List.of(
                nightly("com.example.AlphaIT", 20 * 60_000),
                nightly("com.example.BetaIT", 15 * 60_000),
                nightly("com.example.GammaIT", 10 * 60_000)),
            false);
    Path includes = dir.resolve("includes");
    Files.createDirectories(includes);
    Files.writeString(includes.resolve("shard-1-of-2.txt"), "an earlier plan's file");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        ShardPlanner.run(
            new String[] {
              "--history",
              history.toString(),
              "--shards",
              "4",
              "--includes-dir",
              includes.toString()
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "[dynamo] wrote the classes of each shard to " + includes.resolve("shard-1-of-4.txt"));
    try (var files = Files.list(includes)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "shard-1-of-4.txt", "shard-2-of-4.txt", "shard-3-of-4.txt", "shard-4-of-4.txt");
    }
    assertThat(Files.readAllLines(includes.resolve("shard-1-of-4.txt")))
        .containsExactly(
            "# dynamo-test shard 1/4: 1 classes of the history, estimated 20m 00s. A class without"
                + " history is in no shard's file: record a run first.",
            "com/example/AlphaIT.java");
    assertThat(Files.readAllLines(includes.resolve("shard-3-of-4.txt")))
        .endsWith("com/example/GammaIT.java");
    // Surefire runs every class for an include file without a pattern: an empty shard names none.
    assertThat(Files.readAllLines(includes.resolve("shard-4-of-4.txt")))
        .filteredOn(line -> !line.startsWith("#"))
        .containsExactly("dynamo/test/shards/NoClassInThisShard.java");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--stagee nightly --shards 2 | Unknown option '--stagee': the options are --history,"
            + " --seed-from, --stage, --type, --budget, --max-shards, --shards, --includes-dir and"
            + " --promote.",
        "--includes-dir shards | --includes-dir writes the shards of a plan: give --budget or"
            + " --shards too.",
        "--shards 2 --includes-dir pom.xml | Invalid --includes-dir pom.xml: it is a file, not a"
            + " directory.",
        "--shards x | Invalid --shards x: expected a whole number >= 1.",
        "--shards 0 | Invalid --shards 0: expected a whole number >= 1.",
        "--budget 30m --max-shards -1 | Invalid --max-shards -1: expected a whole number >= 1.",
        "--stage nightyl --shards 2 | Unknown --stage nightyl: the stages are pre-commit,"
            + " pre-merge, post-merge, nightly, weekly, qa, pre-release.",
        "--type e3e --shards 2 | Unknown --type e3e: the types are unit, integration, e2e,"
            + " performance, stress, continuous-operation.",
        "--shards 2 --budget 30m | Give either --budget or --shards, not both.",
        "--shards 2 --shards 3 | Option --shards is given twice.",
        "--stage | Option --stage needs a value.",
        "nightly | Unknown option 'nightly': the options are",
      })
  void aBadOptionFailsNamingItAndTheValidChoices(String arguments, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        ShardPlanner.run(
            arguments.trim().split(" +"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(message)
        .contains("Usage: ShardPlanner");
  }

  @Test
  void seedsTheHistoryFromJUnitXmlReportsAndBalancesTheFirstSplitByTheirDurations(@TempDir Path dir)
      throws Exception {
    Path reports = Files.createDirectories(dir.resolve("surefire-reports"));
    report(reports, "com.example.AlphaIT", "1,200.000", "<testcase name=\"a\" time=\"1200\"/>");
    report(
        reports,
        "com.example.BetaIT",
        "900.5",
        "<testcase name=\"b\" time=\"900\"><flakyFailure message=\"x\"/></testcase>");
    // Surefire 3.2.5 writes a nested class's tests to a file of its own: they count for BetaIT.
    report(reports, "com.example.BetaIT$Nested", "399.5", "<testcase name=\"n\"/>");
    report(
        reports,
        "com.example.GammaIT",
        "600",
        "<testcase name=\"g\"><rerunFailure message=\"y\"/></testcase>");
    Path history = dir.resolve("history");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        ShardPlanner.run(
            new String[] {
              "--history", history.toString(), "--seed-from", reports.toString(), "--shards", "2"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("with the durations of 3 classes from the JUnit XML reports in " + reports);
    // BetaIT: 900.5 s + 399.5 s of its nested class. AlphaIT: Surefire's "1,200.000" seconds.
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"estimatedMillis\": 1300000, \"classes\": [\"com.example.BetaIT\"]}")
        .contains(
            "\"estimatedMillis\": 1800000, \"classes\": [\"com.example.AlphaIT\","
                + " \"com.example.GammaIT\"]}");
    assertThat(new HistoryStore(history, 10, System.out::println).readSettled().classes())
        .hasEntrySatisfying(
            "com.example.BetaIT",
            stats -> assertThat(stats.latest().outcome()).isEqualTo(Outcome.FLAKY))
        .hasEntrySatisfying(
            "com.example.GammaIT",
            stats -> assertThat(stats.latest().outcome()).isEqualTo(Outcome.FAILED));
  }

  @Test
  void aDirectoryWithoutReportsOrAFileThatIsNoReportIsNamed(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("TEST-broken.xml"), "<testsuite name=\"x\" time=\"soon\">");

    assertThat(
            ShardPlanner.run(
                new String[] {"--seed-from", dir.resolve("missing").toString()},
                System.out,
                errors))
        .isEqualTo(2);
    assertThat(ShardPlanner.run(new String[] {"--seed-from", dir.toString()}, System.out, errors))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("No directory " + dir.resolve("missing") + ": expected a directory of TEST-*.xml")
        .contains("TEST-broken.xml has time=\"soon\", not seconds.");
  }

  private static void report(Path dir, String className, String seconds, String cases)
      throws IOException {
    Files.writeString(
        dir.resolve("TEST-" + className + ".xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\""
            + className
            + "\" time=\""
            + seconds
            + "\" tests=\"1\">"
            + cases
            + "</testsuite>\n");
  }

  private static HistoryRecord nightly(String className, long millis) {
    return new HistoryRecord(
        "r", 1, Scope.CLASS, className, millis, Outcome.PASSED, "nightly", "integration");
  }
}

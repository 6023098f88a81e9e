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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
            "{\"shard\": \"1/2\", \"estimatedMillis\": 1200000, \"classes\": [\"com.example.AlphaIT\"]}")
        .contains(
            "{\"shard\": \"2/2\", \"estimatedMillis\": 1500000, \"classes\": [\"com.example.BetaIT\", \"com.example.GammaIT\"]}")
        .doesNotContain("PreMergeTest");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--stagee nightly --shards 2 | Unknown option '--stagee': the options are --history,"
            + " --stage, --type, --budget, --max-shards, --shards and --promote.",
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

  private static HistoryRecord nightly(String className, long millis) {
    return new HistoryRecord(
        "r", 1, Scope.CLASS, className, millis, Outcome.PASSED, "nightly", "integration");
  }
}

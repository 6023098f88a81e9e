package ai.dynamo.test.engine.merge;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.FAILED;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.PASSED;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static ai.dynamo.test.engine.report.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.LaunchedRun;
import ai.dynamo.test.engine.fixtures.ReportFixtures;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.report.ReportJson;
import ai.dynamo.test.engine.report.Summary;
import ai.dynamo.test.engine.scheduling.ShardPartition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Merging the reports of the shard runs of a stage gives the report of one unsharded run of it, and
 * inputs that do not belong together are refused by name.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Isolated("replaces System.out")
class MergeReportsTests {

  /**
   * Every outcome: passed, failed, skipped, aborted, aborted in @BeforeAll, invocations, excluded.
   */
  private static final Class<?>[] SUITE = {
    ReportFixtures.PassFailSkip.class,
    ReportFixtures.NightlyEndToEnd.class,
    ReportFixtures.NoLabels.class,
    ReportFixtures.ParserInPreMerge.class,
    ReportFixtures.ParserMovedToNightly.class,
    ReportFixtures.AbortedInBeforeAll.class,
    ReportFixtures.SevenAborted.class,
    ReportFixtures.ManyInvocations.class
  };

  private static final String STAGE = "pre-merge,nightly";
  private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

  @TempDir static Path work;

  @BeforeAll
  static void runTheStageWholeAndAsThreeShards() {
    run("whole", STAGE, REVISION, null);
    for (int shard = 1; shard <= 3; shard++) {
      run("shards/" + shard + "/target/dynamo", STAGE, REVISION, shard + "/3");
    }
  }

  private static void run(String dir, String stage, String revision, String shard) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("dynamo.progress", "0");
    parameters.put("dynamo.stage", stage);
    parameters.put("dynamo.history.revision", revision);
    if (shard != null) {
      parameters.put("dynamo.shard", shard);
    }
    LaunchedRun.launch(work.resolve(dir), parameters, SUITE);
  }

  private static Summary summary(Path dir) {
    return ReportJson.read(read(dir.resolve("summary.json")), Summary.class);
  }

  /** What a merge printed and returned. */
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

  private static String shard(int index) {
    return "shards/" + index + "/target/dynamo";
  }

  /** A test as two runs of it must agree on: its name, outcome, message and invocations. */
  private static List<String> outcomes(Summary summary) {
    return summary.tests().stream()
        .map(t -> t.name() + " | " + t.outcome() + " | " + t.message() + " | " + t.invocations())
        .sorted()
        .toList();
  }

  @Test
  void theMergedShardsReportWhatTheUnshardedRunReports() {
    Merged merged = merge("--inputs", "shards/*/target/dynamo", "--output", "merged");

    assertThat(merged.status()).as(merged.err()).isZero();
    Summary whole = summary(work.resolve("whole"));
    List<Summary> shards = Stream.of(1, 2, 3).map(i -> summary(work.resolve(shard(i)))).toList();
    // Each shard ran a part: the split is real.
    assertThat(shards)
        .allSatisfy(s -> assertThat(s.totals().tests()).isLessThan(whole.totals().tests()));
    String json = read(work.resolve("merged/summary.json"));
    assertThat(violations("summary.schema.json", json)).isEmpty();
    Summary result = ReportJson.read(json, Summary.class);

    assertThat(result.totals()).isEqualTo(whole.totals());
    assertThat(result.matrix()).isEqualTo(whole.matrix());
    assertThat(outcomes(result)).isEqualTo(outcomes(whole)).isNotEmpty();
    assertThat(result.excluded()).containsExactlyInAnyOrderElementsOf(whole.excluded());
    assertThat(result.excluded()).isNotEmpty();
    assertThat(result.features()).isEqualTo(whole.features());
    assertThat(result.docs()).isEqualTo(whole.docs());
    assertThat(result.run().selection()).isEqualTo(whole.run().selection());
    assertThat(result.run().revision()).isEqualTo(REVISION);
    assertThat(result.run().shard()).isNull();
    // Wall time is the longest shard's; machine time all shards'.
    assertThat(result.run().merge())
        .isEqualTo(
            new Summary.Merge(
                3,
                List.of(1, 2, 3),
                List.of(),
                shards.stream().mapToLong(s -> s.run().durationMillis()).sum(),
                null));
    assertThat(result.run().durationMillis())
        .isEqualTo(shards.stream().mapToLong(s -> s.run().durationMillis()).max().orElseThrow());
    assertThat(result.budget().elapsedMillis()).isEqualTo(result.run().durationMillis());

    Plan plan = ReportJson.read(read(work.resolve("merged/plan.json")), Plan.class);
    Plan wholePlan = ReportJson.read(read(work.resolve("whole/plan.json")), Plan.class);
    assertThat(plan.tests()).isEqualTo(wholePlan.tests());
    assertThat(read(work.resolve("merged/summary.md")))
        .contains("merged from shards 1, 2, 3 of 3")
        .doesNotContain("PARTIAL");
    assertThat(read(work.resolve("merged/report.html")))
        .contains("merged from shards 1, 2, 3 of 3");
    assertThat(merged.out())
        .contains("Merged 3 of 3 shards of dynamo.stage=" + STAGE)
        .contains(whole.totals().tests() + " tests");
  }

  @Test
  void shardsThatSeeOnlyTheirOwnClassesAsUnderSurefireMergeToTheUnshardedRunToo() {
    // Under Surefire a shard's plan and summary know only the classes its JVM was handed, not the
    // other shards' (here: each shard run given only its classes; without history, split by hash).
    for (int shard = 1; shard <= 3; shard++) {
      int index = shard - 1;
      Class<?>[] own =
          Stream.of(SUITE)
              .filter(c -> ShardPartition.hashShard(c.getName(), 3) == index)
              .toArray(Class<?>[]::new);
      Map<String, String> parameters = new HashMap<>();
      if (own.length == 0) {
        // A shard that no class falls in, handed none, as Surefire does.
        parameters.put("dynamo.empty", "allow");
      }
      parameters.put("dynamo.progress", "0");
      parameters.put("dynamo.stage", STAGE);
      parameters.put("dynamo.history.revision", REVISION);
      parameters.put("dynamo.shard", shard + "/3");
      LaunchedRun.launch(work.resolve("own/" + shard), parameters, own);
    }

    Merged merged = merge("--inputs", "own/*", "--output", "own-merged");

    Summary whole = summary(work.resolve("whole"));
    // Not every shard lists the tests the stage excludes: each knows only its own classes' tests.
    assertThat(whole.excluded()).isNotEmpty();
    assertThat(Stream.of(1, 2, 3).map(i -> summary(work.resolve("own/" + i)).excluded()))
        .anySatisfy(e -> assertThat(e).doesNotContainAnyElementsOf(whole.excluded()));

    assertThat(merged.status()).as(merged.err()).isZero();
    Summary result = summary(work.resolve("own-merged"));
    assertThat(result.totals()).isEqualTo(whole.totals());
    assertThat(result.matrix()).isEqualTo(whole.matrix());
    assertThat(outcomes(result)).isEqualTo(outcomes(whole));
    assertThat(result.excluded()).containsExactlyInAnyOrderElementsOf(whole.excluded());
  }

  @Test
  void settlesTheHistoryOfEveryShardJobAndReportsAFlipNoShardAloneSaw() throws IOException {
    Path history = work.resolve("history");
    String test = ReportFixtures.PassFailSkip.class.getName() + "#passes()";
    // Two shard jobs' records, as the merging CI job copies them into incoming/: the same test
    // failed in one job and passed in its rerun, at the same revision.
    new HistoryStore(history, 10, line -> {})
        .write(List.of(HistoryRecord.test("job-1", 1_000, test, 5, FAILED, REVISION)), true);
    new HistoryStore(history, 10, line -> {})
        .write(List.of(HistoryRecord.test("job-2", 2_000, test, 5, PASSED, REVISION)), true);

    Merged merged =
        merge("--inputs", "shards/*/target/dynamo", "--output", "settled", "--history", "history");

    assertThat(merged.status()).as(merged.err()).isZero();
    assertThat(history.resolve("incoming")).isEmptyDirectory();
    assertThat(summary(work.resolve("settled")).flipCandidates())
        .containsExactly(new Summary.FlipCandidate(test, REVISION, 1, 1, 0));
    assertThat(merge("--inputs", "shards/*/target/dynamo", "--history", "no-such-history").err())
        .contains("Cannot settle the history: " + work.resolve("no-such-history"));
  }

  @Test
  void aShardRunSaysWhichShardItWasAndItsRevision() {
    Summary first = summary(work.resolve(shard(2)));

    assertThat(first.run().shard()).isEqualTo("2/3");
    assertThat(first.run().revision()).isEqualTo(REVISION);
    assertThat(summary(work.resolve("whole")).run().shard()).isNull();
  }

  @Test
  void refusesAShardGivenTwiceNamingBothDirectories() throws IOException {
    copy(work.resolve(shard(2)), work.resolve("again/shard-2"));

    Merged merged =
        merge("--inputs", shard(1) + "," + shard(2) + "," + shard(3) + ",again/shard-2");

    assertThat(merged.status()).isEqualTo(MergeReports.REFUSED);
    assertThat(merged.err())
        .contains("shard 2/3 is given 2 times")
        .contains(work.resolve(shard(2)).toString())
        .contains(work.resolve("again/shard-2").toString());
    assertThat(work.resolve("target/dynamo-merged")).doesNotExist();
  }

  @Test
  void refusesAMissingShardAndPointsAtPartial() {
    Merged merged = merge("--inputs", shard(1) + "," + shard(3), "--output", "refused");

    assertThat(merged.status()).isEqualTo(MergeReports.REFUSED);
    assertThat(merged.err()).contains("shard 2 of 3 is missing").contains("--partial");
    assertThat(work.resolve("refused")).doesNotExist();
  }

  @Test
  void mergesAPartialSetWhenToldAndSaysWhichShardsItLacks() {
    Merged merged = merge("--inputs", shard(1) + "," + shard(3), "--partial", "--output", "part");

    assertThat(merged.status()).as(merged.err()).isZero();
    assertThat(merged.out()).contains("PARTIAL: shard 2 missing");
    String json = read(work.resolve("part/summary.json"));
    assertThat(violations("summary.schema.json", json)).isEmpty();
    Summary result = ReportJson.read(json, Summary.class);
    assertThat(result.run().merge().missing()).containsExactly(2);
    assertThat(result.run().merge().merged()).containsExactly(1, 3);
    assertThat(result.totals().tests())
        .isEqualTo(
            summary(work.resolve(shard(1))).totals().tests()
                + summary(work.resolve(shard(3))).totals().tests());
    assertThat(read(work.resolve("part/summary.md")))
        .contains("**PARTIAL: shard 2 of 3 missing; the totals lack its tests.**");
    assertThat(read(work.resolve("part/report.html")))
        .contains("PARTIAL: shard 2 of 3 missing; the totals lack its tests.");
  }

  @Test
  void refusesShardsOfAnotherStageNamingTheStagesAndDirectories() {
    run("other-stage", "pre-merge", REVISION, "2/3");

    Merged merged = merge("--inputs", shard(1) + ",other-stage," + shard(3));

    assertThat(merged.status()).isEqualTo(MergeReports.REFUSED);
    assertThat(merged.err())
        .contains("different selections")
        .contains("dynamo.stage=pre-merge in " + work.resolve("other-stage"))
        .contains("dynamo.stage=" + STAGE + " in " + work.resolve(shard(1)));
  }

  @Test
  void refusesShardsOfAnotherRevisionNamingTheRevisions() {
    run("other-revision", STAGE, "fedcba", "2/3");

    Merged merged = merge("--inputs", shard(1) + ",other-revision," + shard(3));

    assertThat(merged.status()).isEqualTo(MergeReports.REFUSED);
    assertThat(merged.err())
        .contains("different revisions")
        .contains("fedcba in " + work.resolve("other-revision"))
        .contains(REVISION + " in " + work.resolve(shard(1)));
  }

  @Test
  void refusesTheReportOfAnUnshardedRun() {
    Merged merged = merge("--inputs", "whole," + shard(2));

    assertThat(merged.status()).isEqualTo(MergeReports.REFUSED);
    assertThat(merged.err())
        .contains(work.resolve("whole").toString())
        .contains("a run without dynamo.shard");
  }

  @Test
  void refusesAnInputThatIsNoReportsDirectoryAndAGlobThatMatchesNothing() {
    assertThat(merge("--inputs", "nowhere").err())
        .contains(work.resolve("nowhere").toString())
        .contains("is not a directory");
    assertThat(merge("--inputs", "shards/*/build/dynamo").err())
        .contains("'shards/*/build/dynamo' matches no directory");
    assertThat(merge("--inputs", "shards").err()).contains("holds no summary.json");
  }

  @Test
  void anUnknownOptionFailsWithTheValidOptions() {
    Merged merged = merge("--stagee", "nightly", "--inputs", shard(1));

    assertThat(merged.status()).isEqualTo(MergeReports.USAGE);
    assertThat(merged.err())
        .contains("Unknown option --stagee")
        .contains(
            "Valid options: --inputs, --output, --partial, --classes, --history, --junit-xml,"
                + " --foreign-rules, --help")
        .contains("Usage: MergeReports --inputs");
  }

  @Test
  void aMisspelledOptionIsNamedWithTheNearestValidOne() {
    assertThat(merge("--input", shard(1)).err())
        .contains("Unknown option --input (did you mean --inputs?)");
  }

  @Test
  void inputsAreRequiredAndEveryValuedOptionNeedsItsValue() {
    Merged none = merge("--output", "x");
    assertThat(none.status()).isEqualTo(MergeReports.USAGE);
    assertThat(none.err()).contains("No inputs: --inputs <dir>,<dir>,...");

    Merged empty = merge("--inputs");
    assertThat(empty.status()).isEqualTo(MergeReports.USAGE);
    assertThat(empty.err()).contains("The option --inputs needs a value.");

    assertThat(merge("--inputs", shard(1), "--output", "--partial").err())
        .contains("The option --output needs a value.");
    assertThat(merge("--inputs=" + shard(1), "--partial=yes").err())
        .contains("The option --partial takes no value");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(
          file -> {
            try {
              Path target = to.resolve(from.relativize(file).toString());
              if (Files.isDirectory(file)) {
                Files.createDirectories(target);
              } else {
                Files.copy(file, target);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}

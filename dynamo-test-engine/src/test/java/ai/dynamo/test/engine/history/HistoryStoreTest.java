package ai.dynamo.test.engine.history;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Stage(PRE_MERGE)
@TestType(UNIT)
class HistoryStoreTest {

  @TempDir Path directory;
  private final List<String> warnings = new ArrayList<>();

  private HistoryStore store(int window) {
    return new HistoryStore(directory, window, warnings::add);
  }

  @Test
  void readsBackWhatWasWrittenAveragedOverTheWindow() {
    HistoryStore store = store(3);
    for (int run = 1; run <= 5; run++) {
      store.write(
          List.of(
              HistoryRecord.test(
                  "r" + run,
                  run,
                  "a.FooTest#bar()",
                  run * 100,
                  run == 2 ? Outcome.FAILED : Outcome.PASSED),
              new HistoryRecord(
                  "r" + run,
                  run,
                  Scope.CLASS,
                  "a.FooTest",
                  run * 1000,
                  Outcome.PASSED,
                  "pre-merge,nightly",
                  "unit")),
          false);
    }
    DurationHistory history = store.readAll();

    DurationHistory.Stats test = history.ofTest("a.FooTest#bar()").orElseThrow();
    assertThat(test.executions()).extracting(HistoryRecord::run).containsExactly("r3", "r4", "r5");
    assertThat(test.meanMillis()).isEqualTo(400);
    assertThat(test.recentlyFailed()).as("the failure of r2 left the window").isFalse();
    assertThat(history.ofClass("a.FooTest").orElseThrow().latest().stages())
        .isEqualTo("pre-merge,nightly");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFailureAmongTheLastThreeRunsCountsAsRecent() {
    HistoryStore store = store(10);
    store.write(List.of(HistoryRecord.test("r1", 1, "a.T#t()", 1, Outcome.FAILED)), false);
    store.write(List.of(HistoryRecord.test("r2", 2, "a.T#t()", 1, Outcome.PASSED)), false);
    assertThat(store.readAll().ofTest("a.T#t()").orElseThrow().recentlyFailed()).isTrue();
  }

  @Test
  void aFlakyPassIsNotARecentFailureForFailFastOrdering() {
    HistoryStore store = store(10);
    store.write(List.of(HistoryRecord.test("r1", 1, "a.T#t()", 1, Outcome.FLAKY, "c1")), false);
    assertThat(store.readAll().ofTest("a.T#t()").orElseThrow().recentlyFailed()).isFalse();
  }

  @Test
  void aFlakyOutcomeAndTheRevisionAreReadBack() {
    HistoryStore store = store(10);
    store.write(
        List.of(
            HistoryRecord.test("r1", 1, "a.T#flaky()", 5, Outcome.FLAKY, "1a2b3c"),
            HistoryRecord.test("r1", 1, "a.T#unknown()", 5, Outcome.PASSED, "")),
        false);

    DurationHistory history = store.readAll();

    assertThat(history.ofTest("a.T#flaky()").orElseThrow().latest())
        .extracting(HistoryRecord::outcome, HistoryRecord::revision)
        .containsExactly(Outcome.FLAKY, "1a2b3c");
    assertThat(history.ofTest("a.T#unknown()").orElseThrow().latest().revision()).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFileWrittenBeforeRevisionsWereRecordedStillParsesWithUnknownRevisions() throws Exception {
    Files.writeString(
        directory.resolve("run-old.tsv"),
        "# dynamo-history 1\n"
            + "run\tepochMillis\tscope\tkey\tmillis\toutcome\tstages\tkind\n"
            + "r0\t1764000000000\tclass\tcom.example.FooTest\t1234\tpassed\tpre-merge\tunit\n"
            + "r0\t1764000000000\ttest\tcom.example.FooTest#bar()\t17\tfailed\n",
        StandardCharsets.UTF_8);

    DurationHistory history = store(10).readAll();

    assertThat(warnings).isEmpty();
    assertThat(history.ofTest("com.example.FooTest#bar()").orElseThrow().latest())
        .isEqualTo(
            HistoryRecord.test(
                "r0", 1764000000000L, "com.example.FooTest#bar()", 17, Outcome.FAILED, ""));
    assertThat(history.ofClass("com.example.FooTest").orElseThrow().latest().kind())
        .isEqualTo("unit");
  }

  @Test
  void aGarbageOrTruncatedFileIsReportedOnceByNameAndIgnored() throws Exception {
    HistoryStore store = store(10);
    store.write(List.of(HistoryRecord.test("good", 1, "a.T#t()", 42, Outcome.PASSED)), false);
    Path garbage = directory.resolve("garbage.tsv");
    Files.write(garbage, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', (byte) 0xc3});
    Path truncated = directory.resolve("truncated.tsv");
    String whole =
        HistoryFormat.format(
            List.of(HistoryRecord.test("cut", 2, "a.T#t()", 9_999, Outcome.FAILED)));
    Files.writeString(truncated, whole.substring(0, whole.length() - 12), StandardCharsets.UTF_8);
    Path foreign = directory.resolve("notes.tsv");
    Files.writeString(foreign, "name\tduration\nfoo\t12\n");

    DurationHistory history = store.readAll();

    assertThat(history.ofTest("a.T#t()").orElseThrow().executions())
        .extracting(HistoryRecord::run)
        .containsExactly("good");
    assertThat(warnings).hasSize(3);
    assertThat(warnings)
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "[dynamo] WARNING: ignoring " + garbage + ": not a dynamo history file"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("[dynamo] WARNING: ignoring " + truncated)
                    .contains("line 3"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("[dynamo] WARNING: ignoring " + foreign)
                    .contains("first line"));
    assertThat(garbage).as("a file that is not ours is never deleted").exists();
  }

  @Test
  void compactionKeepsEveryRecordWithinTheWindowAndBoundsTheFiles() {
    HistoryStore store = store(100);
    for (int run = 0; run < 60; run++) {
      store.write(
          List.of(HistoryRecord.test("r" + run, run, "a.T#t()", run, Outcome.PASSED)), false);
    }
    assertThat(store.readAll().ofTest("a.T#t()").orElseThrow().executions()).hasSize(60);
    assertThat(tsvFiles(directory)).hasSizeLessThanOrEqualTo(RunFiles.COMPACT_ABOVE + 1);
  }

  @Test
  void shardRecordsWaitInIncomingUntilARunWithoutShardSettlesThem() {
    HistoryStore store = store(10);
    store.write(List.of(HistoryRecord.test("settled", 1, "a.T#t()", 1, Outcome.PASSED)), false);
    store.write(List.of(HistoryRecord.test("shard", 2, "a.T#t()", 3, Outcome.PASSED)), true);

    assertThat(store.readSettled().ofTest("a.T#t()").orElseThrow().executions()).hasSize(1);
    assertThat(store.readAll().ofTest("a.T#t()").orElseThrow().executions()).hasSize(2);

    store.write(List.of(HistoryRecord.test("later", 3, "a.T#t()", 5, Outcome.PASSED)), false);
    assertThat(store.readSettled().ofTest("a.T#t()").orElseThrow().executions()).hasSize(3);
    assertThat(tsvFiles(directory.resolve("incoming"))).isEmpty();
  }

  private static List<Path> tsvFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".tsv")).toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  @Nested
  @TestType(INTEGRATION)
  class ConcurrentWriters {

    @Test
    void severalJvmsWritingAtOnceLoseNoRecord() throws Exception {
      int writers = 4;
      int runs = 40;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<Process> processes = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        processes.add(
            new ProcessBuilder(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    HistoryWriterFixture.class.getName(),
                    directory.toString(),
                    "w" + w,
                    String.valueOf(runs))
                .redirectErrorStream(true)
                .redirectOutput(
                    directory.resolveSibling(directory.getFileName() + "-w" + w + ".log").toFile())
                .start());
      }
      for (Process process : processes) {
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("writer finished").isTrue();
        assertThat(process.exitValue()).isZero();
      }

      DurationHistory history =
          new HistoryStore(directory, HistoryWriterFixture.WINDOW, warnings::add).readAll();

      assertThat(history.ofTest(HistoryWriterFixture.SHARED).orElseThrow().executions())
          .hasSize(writers * runs);
      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < runs; i++) {
          assertThat(history.ofTest("com.example.Ownw" + w + "-" + i + "Test#mine()")).isPresent();
        }
      }
      assertThat(warnings).isEmpty();
      assertThat(directory.toFile().listFiles((File f) -> f.getName().endsWith(".tsv")))
          .hasSizeLessThanOrEqualTo(RunFiles.COMPACT_ABOVE + writers + 1);
    }
  }
}

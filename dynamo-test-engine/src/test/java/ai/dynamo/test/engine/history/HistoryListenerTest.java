package ai.dynamo.test.engine.history;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Flaky;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs fixtures through a real Launcher, which registers the listener through ServiceLoader. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class HistoryListenerTest {

  private static final String FLIP_CANDIDATES =
      "docs/scheduling.md#how-do-i-find-tests-that-fail-without-a-code-change";

  @TempDir Path directory;

  @Test
  void everyRunRecordsEachTestAndClassWithItsOutcomeAndLabels() throws Exception {
    launch(Map.of("dynamo.history", directory.toString()));

    DurationHistory history = new HistoryStore(directory, 10, System.out::println).readAll();
    String className = RecordedFixture.class.getName();
    assertThat(history.ofTest(className + "#sleeps()").orElseThrow().meanMillis())
        .isGreaterThanOrEqualTo(50);
    assertThat(history.ofTest(className + "#fails()").orElseThrow().latest().outcome())
        .isEqualTo(Outcome.FAILED);
    HistoryRecord classRecord = history.ofClass(className).orElseThrow().latest();
    assertThat(classRecord.outcome())
        .as("a class with a failed test failed")
        .isEqualTo(Outcome.FAILED);
    assertThat(classRecord.millis()).isGreaterThanOrEqualTo(50);
    assertThat(classRecord.stages()).isEqualTo("pre-merge");
    assertThat(classRecord.kind()).isEqualTo("unit");
  }

  @Test
  void aShardRunRecordsIntoIncoming() {
    launch(Map.of("dynamo.history", directory.toString(), "dynamo.shard", "1/1"));

    HistoryStore store = new HistoryStore(directory, 10, System.out::println);
    assertThat(store.readSettled().isEmpty()).isTrue();
    assertThat(store.readAll().ofClass(RecordedFixture.class.getName())).isPresent();
  }

  @Test
  void aDryRunRecordsNothing() {
    // A dry run executes the class containers (their tests are skipped): recorded, their few
    // milliseconds would become the classes' durations, and shards and budgets would be planned
    // with them.
    launch(Map.of("dynamo.history", directory.toString(), "dynamo.dry-run", "true"));

    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void offRecordsNothing() {
    launch(Map.of("dynamo.history", "off"));
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  @Tutorial(FLIP_CANDIDATES)
  void aTestThatPassesThenFailsAtOneRevisionIsAFlipCandidate() throws Exception {
    String test = FlippingFixture.class.getName() + "#followsTheOutcomeFile()";
    Files.writeString(outcomeFile(), "pass");
    String first = launch(FlippingFixture.class, "rev-A");
    Files.writeString(outcomeFile(), "fail");
    String second = launch(FlippingFixture.class, "rev-A");

    DurationHistory history = new HistoryStore(directory, 10, System.out::println).readAll();
    assertThat(history.ofTest(test).orElseThrow().executions())
        .extracting(HistoryRecord::outcome, HistoryRecord::revision)
        .containsExactly(tuple(Outcome.PASSED, "rev-A"), tuple(Outcome.FAILED, "rev-A"));
    assertThat(FlipCandidates.in(history))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.test()).isEqualTo(test);
              assertThat(c.revision()).isEqualTo("rev-A");
              assertThat(c.passed()).isEqualTo(1);
              assertThat(c.failed()).isEqualTo(1);
            });
    assertThat(first).doesNotContain("Flip candidate");
    assertThat(second)
        .contains(
            "[dynamo] Flip candidate: "
                + test
                + " passed 1 and failed 1 times at revision rev-A (mark it @Flaky or fix it)");
  }

  @Test
  @Tutorial(FLIP_CANDIDATES)
  void aTestWhoseOutcomeChangedWithTheRevisionIsNoCandidate() throws Exception {
    Files.writeString(outcomeFile(), "pass");
    launch(FlippingFixture.class, "rev-A");
    Files.writeString(outcomeFile(), "fail");
    String second = launch(FlippingFixture.class, "rev-B");

    DurationHistory history = new HistoryStore(directory, 10, System.out::println).readAll();
    assertThat(history.ofTest(FlippingFixture.class.getName() + "#followsTheOutcomeFile()"))
        .hasValueSatisfying(stats -> assertThat(stats.executions()).hasSize(2));
    assertThat(FlipCandidates.in(history)).isEmpty();
    assertThat(second).doesNotContain("Flip candidate");
  }

  @Test
  @Tutorial(FLIP_CANDIDATES)
  void aFlakyTestThatFailedOnceThenPassedIsRecordedAsFlakyAndIsACandidate() {
    FlakyOnceFixture.attempts.set(0);
    String output = launch(FlakyOnceFixture.class, "rev-A");

    DurationHistory history = new HistoryStore(directory, 10, System.out::println).readAll();
    String test = FlakyOnceFixture.class.getName() + "#failsTheFirstAttempt()";
    assertThat(FlakyOnceFixture.attempts).hasValue(2);
    assertThat(history.ofTest(test).orElseThrow().latest().outcome()).isEqualTo(Outcome.FLAKY);
    assertThat(history.ofTest(FlakyOnceFixture.class.getName() + "#steady()").orElseThrow())
        .extracting(s -> s.latest().outcome())
        .isEqualTo(Outcome.PASSED);
    assertThat(history.ofClass(FlakyOnceFixture.class.getName()).orElseThrow().latest().outcome())
        .as("the class passed")
        .isEqualTo(Outcome.PASSED);
    assertThat(FlipCandidates.in(history))
        .extracting(FlipCandidates.Candidate::test)
        .containsExactly(test);
    assertThat(output)
        .contains(
            "[dynamo] Flip candidate: "
                + test
                + " passed 0, failed 0 and passed only on a retry 1 times at revision rev-A (it is"
                + " @Flaky: fix it)");
  }

  private Path outcomeFile() {
    FlippingFixture.outcome = directory.resolve("outcome.txt");
    return FlippingFixture.outcome;
  }

  /** Runs {@code fixture} at {@code revision} and returns what the run printed. */
  private String launch(Class<?> fixture, String revision) {
    PrintStream console = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      launch(
          fixture,
          Map.of("dynamo.history", directory.toString(), "dynamo.history.revision", revision));
    } finally {
      System.setOut(console);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    console.print(output);
    return output;
  }

  private static void launch(Map<String, String> parameters) {
    launch(RecordedFixture.class, parameters);
  }

  private static void launch(Class<?> fixture, Map<String, String> parameters) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(fixture))
            .configurationParameters(parameters)
            .configurationParameter("dynamo.summary", "false")
            .enableImplicitConfigurationParameters(false)
            .build();
    LauncherFactory.create().execute(request);
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class RecordedFixture {
    @Test
    void sleeps() throws InterruptedException {
      Thread.sleep(50);
    }

    @Test
    void fails() {
      throw new AssertionError("recorded as failed");
    }
  }

  /** Passes or fails as the file {@link #outcome} says: the same code, two outcomes. */
  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class FlippingFixture {
    static volatile Path outcome;

    @Test
    void followsTheOutcomeFile() throws Exception {
      assertThat(Files.readString(outcome)).isEqualTo("pass");
    }
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class FlakyOnceFixture {
    static final AtomicInteger attempts = new AtomicInteger();

    @Test
    @Flaky(reason = "fails its first attempt on purpose")
    void failsTheFirstAttempt() {
      assertThat(attempts.incrementAndGet()).as("attempt").isGreaterThan(1);
    }

    @Test
    void steady() {}
  }
}

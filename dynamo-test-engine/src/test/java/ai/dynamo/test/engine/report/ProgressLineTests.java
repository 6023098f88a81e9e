package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_COMMIT;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@Stage({PRE_COMMIT, PRE_MERGE})
@TestType(UNIT)
@Feature("progress")
@Tutorial("docs/reports.md#see-progress-on-long-runs")
class ProgressLineTests {

  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private ProgressLine progress(int planned, int interval) {
    return progress(Map.of(), planned, interval);
  }

  private ProgressLine progress(Map<String, Long> expected, int planned, int interval) {
    return new ProgressLine(
        expected,
        planned,
        interval,
        clock::get,
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  /** Finishes {@code methods} plain test methods, each one test. */
  private static void finish(ProgressLine progress, int methods) {
    for (int i = 0; i < methods; i++) {
      progress.testFinished();
      progress.methodFinished("com.example.T#t" + i + "()");
    }
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void estimatesTheTimeLeftFromTheRecordedDurationsOfTheMethodsNotYetRun() {
    Map<String, Long> recorded = new java.util.LinkedHashMap<>();
    recorded.put("com.example.Fast#a()", 2_000L);
    recorded.put("com.example.Slow#b()", 240_000L);
    recorded.put("com.example.Slow#c()", 60_000L);
    recorded.put("com.example.Slow#d()", 5_000L);
    ProgressLine progress = progress(recorded, 4, 30);

    clock.set(40 * SECOND);
    progress.testFinished();
    progress.methodFinished("com.example.Fast#a()");
    progress.testFinished();
    progress.methodFinished("com.example.Slow#b()");
    progress.classEnded(1, 0);

    // 60 s + 5 s left, whatever the rate so far (two methods in 40 s would say 40 s).
    assertThat(printed())
        .isEqualTo(
            "[dynamo] 2 tests done (methods 2/4, 50%), 1 failed; 40s elapsed, about 1m05s left by"
                + " the recorded durations\n");
  }

  @Test
  void countsEveryInvocationOfAParameterizedMethodAsATest() {
    ProgressLine progress = progress(Map.of("com.example.P#p(int)", 1_000L), 2, 30);

    clock.set(31 * SECOND);
    for (int i = 0; i < 300; i++) {
      progress.testFinished();
    }
    progress.methodFinished("com.example.P#p(int)");
    progress.classEnded(0, 0);

    assertThat(printed()).startsWith("[dynamo] 300 tests done (methods 1/2, 50%), 0 failed;");
  }

  @Test
  void countsAbortedTestsApartFromFailedOnes() {
    ProgressLine progress = progress(Map.of(), 20, 30);

    clock.set(31 * SECOND);
    finish(progress, 12);
    progress.classEnded(0, 7);

    assertThat(printed())
        .startsWith("[dynamo] 12 tests done (methods 12/20, 60%), 0 failed, 7 aborted;");
  }

  @Test
  void saysNoTimeLeftOnceEveryTestIsDone() {
    ProgressLine progress = progress(Map.of("com.example.A#a()", 1_000L), 1, 30);

    clock.set(31 * SECOND);
    progress.testFinished();
    progress.methodFinished("com.example.A#a()");
    progress.classEnded(0, 0);

    assertThat(printed())
        .isEqualTo("[dynamo] 1 test done (methods 1/1, 100%), 0 failed; 31s elapsed\n");
  }

  @Test
  void withoutRecordsInventsNoEstimateUntilEnoughHasRun() {
    ProgressLine progress = progress(5_627, 30);

    clock.set(91 * SECOND);
    finish(progress, ProgressLine.RATE_AFTER - 1);
    progress.classEnded(0, 0);

    assertThat(printed())
        .isEqualTo(
            "[dynamo] 9 tests done (methods 9/5627, 0%), 0 failed; 1m31s elapsed, time left not"
                + " known yet (no recorded durations)\n");
  }

  @Test
  void withoutRecordsExtrapolatesTheRunsOwnRateOncePerInterval() {
    ProgressLine progress = progress(640, 30);

    clock.set(10 * SECOND);
    finish(progress, 20);
    progress.classEnded(0, 0);
    assertThat(printed()).isEmpty();

    clock.set(125 * SECOND);
    finish(progress, 100);
    progress.classEnded(2, 0);
    clock.set(130 * SECOND);
    progress.classEnded(2, 0);

    assertThat(printed())
        .isEqualTo(
            "[dynamo] 120 tests done (methods 120/640, 18%), 2 failed; 2m05s elapsed, about 9m01s"
                + " left at the current rate\n");
  }

  @Test
  void staysQuietWhenTurnedOff() {
    ProgressLine progress = progress(10, 0);

    clock.set(3600 * SECOND);
    finish(progress, 5);
    progress.classEnded(0, 0);

    assertThat(printed()).isEmpty();
  }

  @Test
  void rejectsAnIntervalThatIsNotAWholeNumberOfSeconds() {
    Map<String, String> parameters = Map.of("dynamo.progress", "soon");

    assertThatThrownBy(
            () -> DynamoConfiguration.from(key -> Optional.ofNullable(parameters.get(key))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid dynamo.progress=soon. Valid values: a whole number of seconds between progress"
                + " lines, such as 10, or 0 for none (default: 30).");
  }
}

package ai.dynamo.test.engine.report;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Prints how far a long run is: {@code [dynamo] 1250 tests done (methods 120/640, 18%), 2 failed;
 * 2m05s elapsed, about 8m40s left by the recorded durations}. Called when a test class ends; prints
 * only when the interval has passed since the last line (or since the start), so short runs stay
 * quiet and logs that are not a terminal get periodic lines, not one per test.
 *
 * <p>Tests are counted as Surefire counts them: every invocation of a parameterized, repeated or
 * dynamic test is one. Progress is measured in test methods, whose number discovery knows. Aborted
 * tests (an assumption failed) are never counted as failed.
 *
 * <p>The time left is the sum of the recorded durations (the duration history) of the methods not
 * yet finished; for methods without a record it extrapolates the run's own rate, once {@value
 * #RATE_AFTER} methods have finished. Until then, without records, it says the time left is not
 * known: a guess by test type is no estimate.
 *
 * <pre>{@code
 * ProgressLine progress = new ProgressLine(recordedMillis, plannedMethods, 30, System::nanoTime, out);
 * progress.testFinished();
 * progress.methodFinished("com.example.FooTest#bar()");
 * progress.classEnded(failedSoFar, abortedSoFar);
 * }</pre>
 */
final class ProgressLine {

  /** How many methods must have finished before the run's own rate is extrapolated. */
  static final int RATE_AFTER = 10;

  private final Map<String, Long> recorded;
  private final int planned;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final PrintStream out;
  private final long start;
  private long last;
  private int methods;
  private long tests;
  private long recordedLeftMillis;
  private int unrecordedLeft;

  /**
   * @param recordedMillis the recorded milliseconds of each method of the run that has a record in
   *     the duration history, by plan name ({@code com.example.FooTest#bar()}); a parameterized or
   *     dynamic method's record is the total of its invocations
   * @param planned how many test methods the run has
   * @param intervalSeconds the least time between two lines, 0 for none
   * @param clock nanoseconds, such as {@code System::nanoTime}
   */
  ProgressLine(
      Map<String, Long> recordedMillis,
      int planned,
      int intervalSeconds,
      LongSupplier clock,
      PrintStream out) {
    this.recorded = new HashMap<>(recordedMillis);
    this.recordedLeftMillis = recordedMillis.values().stream().mapToLong(Long::longValue).sum();
    this.unrecordedLeft = Math.max(0, planned - recordedMillis.size());
    this.planned = planned;
    this.intervalNanos = intervalSeconds * 1_000_000_000L;
    this.clock = clock;
    this.out = out;
    this.start = clock.getAsLong();
    this.last = start;
  }

  /** Counts one test (an invocation) as finished or skipped. */
  synchronized void testFinished() {
    tests++;
  }

  /** Counts the test method {@code name} (its plan name) as finished or skipped. */
  synchronized void methodFinished(String name) {
    methods++;
    Long millis = recorded.remove(name);
    if (millis != null) {
      recordedLeftMillis -= millis;
    } else if (unrecordedLeft > 0) {
      unrecordedLeft--;
    }
  }

  /**
   * A test class ended with {@code failed} failed and {@code aborted} aborted tests so far: prints
   * a line if the interval passed.
   */
  synchronized void classEnded(long failed, long aborted) {
    long now = clock.getAsLong();
    if (intervalNanos == 0 || now - last < intervalNanos || planned == 0) {
      return;
    }
    last = now;
    long elapsed = now - start;
    int shown = Math.min(methods, planned);
    String line =
        String.format(
            Locale.ROOT,
            "[dynamo] %d test%s done (methods %d/%d, %d%%), %d failed%s; %s elapsed",
            tests,
            tests == 1 ? "" : "s",
            shown,
            planned,
            shown * 100 / planned,
            failed,
            aborted > 0 ? ", " + aborted + " aborted" : "",
            duration(elapsed));
    out.println(line + timeLeft(elapsed, shown));
  }

  private String timeLeft(long elapsedNanos, int shown) {
    if (shown >= planned) {
      return "";
    }
    if (unrecordedLeft == 0) {
      return ", about "
          + duration(recordedLeftMillis * 1_000_000)
          + " left by the recorded durations";
    }
    if (shown < RATE_AFTER) {
      return ", time left not known yet (no recorded durations)";
    }
    long left = recordedLeftMillis * 1_000_000 + elapsedNanos / shown * unrecordedLeft;
    return ", about "
        + duration(left)
        + (recorded.isEmpty()
            ? " left at the current rate"
            : " left by the recorded durations and the current rate");
  }

  static String duration(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    return seconds >= 60
        ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
        : seconds + "s";
  }
}

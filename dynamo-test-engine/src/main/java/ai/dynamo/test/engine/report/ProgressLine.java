package ai.dynamo.test.engine.report;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Prints how far a long run is: {@code [dynamo] 120/640 tests done (18%), 2 failed; 2m05s elapsed,
 * about 8m40s left by the expected durations}. Called when a test class ends; prints only when the
 * interval has passed since the last line (or since the start), so short runs stay quiet and logs
 * that are not a terminal get periodic lines, not one per test.
 *
 * <p>The time left is the sum of the expected durations of the tests not yet finished, as the plan
 * has them (the duration history, else a guess by type). Without expectations it extrapolates the
 * rate of the run so far.
 *
 * <pre>{@code
 * ProgressLine progress = new ProgressLine(expectedMillis, planned, 30, System::nanoTime, out);
 * progress.finished("com.example.FooTest#bar()");
 * progress.classEnded(failuresSoFar);
 * }</pre>
 */
final class ProgressLine {

  private final Map<String, Long> expected;
  private final int planned;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final PrintStream out;
  private final long start;
  private long last;
  private int done;
  private long leftMillis;

  /**
   * @param expectedMillis the expected milliseconds of each test of the run, by plan name ({@code
   *     com.example.FooTest#bar()}); empty when unknown
   * @param planned how many tests the run has
   * @param intervalSeconds the least time between two lines, 0 for none
   * @param clock nanoseconds, such as {@code System::nanoTime}
   */
  ProgressLine(
      Map<String, Long> expectedMillis,
      int planned,
      int intervalSeconds,
      LongSupplier clock,
      PrintStream out) {
    this.expected = new HashMap<>(expectedMillis);
    this.leftMillis = expectedMillis.values().stream().mapToLong(Long::longValue).sum();
    this.planned = planned;
    this.intervalNanos = intervalSeconds * 1_000_000_000L;
    this.clock = clock;
    this.out = out;
    this.start = clock.getAsLong();
    this.last = start;
  }

  /** Counts the test {@code name} (its plan name) as finished or skipped. */
  synchronized void finished(String name) {
    done++;
    Long millis = expected.remove(name);
    if (millis != null) {
      leftMillis -= millis;
    }
  }

  /**
   * A test class ended with {@code failed} failures so far: prints a line if the interval passed.
   */
  synchronized void classEnded(int failed) {
    long now = clock.getAsLong();
    if (intervalNanos == 0 || now - last < intervalNanos || planned == 0) {
      return;
    }
    last = now;
    long elapsed = now - start;
    int shown = Math.min(done, planned);
    String line =
        String.format(
            Locale.ROOT,
            "[dynamo] %d/%d tests done (%d%%), %d failed; %s elapsed",
            shown,
            planned,
            shown * 100 / planned,
            failed,
            duration(elapsed));
    if (shown < planned && !expected.isEmpty()) {
      line += ", about " + duration(leftMillis * 1_000_000) + " left by the expected durations";
    } else if (shown > 0 && shown < planned) {
      line +=
          ", about " + duration(elapsed / shown * (planned - shown)) + " left at the current rate";
    }
    out.println(line);
  }

  static String duration(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    return seconds >= 60
        ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
        : seconds + "s";
  }
}

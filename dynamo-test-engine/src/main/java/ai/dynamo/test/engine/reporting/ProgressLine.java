package ai.dynamo.test.engine.reporting;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints how far a long run is: {@code [dynamo] 120/640 tests done (18%), 2 failed; 2m05s elapsed,
 * about 8m40s left at the current rate}. Called when a test class ends; prints only when the
 * interval has passed since the last line (or since the start), so short runs stay quiet and logs
 * that are not a terminal get periodic lines, not one per test.
 */
final class ProgressLine {

  private final int planned;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final PrintStream out;
  private final long start;
  private long last;
  private int done;

  ProgressLine(int planned, int intervalSeconds, LongSupplier clock, PrintStream out) {
    this.planned = planned;
    this.intervalNanos = intervalSeconds * 1_000_000_000L;
    this.clock = clock;
    this.out = out;
    this.start = clock.getAsLong();
    this.last = start;
  }

  /** Counts {@code tests} more finished (or skipped) tests. */
  void finished(int tests) {
    done += tests;
  }

  /**
   * A test class ended with {@code failed} failures so far: prints a line if the interval passed.
   */
  void classEnded(int failed) {
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
    if (shown > 0 && shown < planned) {
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

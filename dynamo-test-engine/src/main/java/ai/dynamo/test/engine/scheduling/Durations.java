package ai.dynamo.test.engine.scheduling;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way people write them: {@code 45m}, {@code 1h30m}, {@code 90s}.
 */
public final class Durations {

  private static final Pattern HUMAN =
      Pattern.compile("(?:(\\d+)h)?\\s*(?:(\\d+)m(?!s))?\\s*(?:(\\d+)s)?\\s*(?:(\\d+)ms)?");

  private Durations() {}

  /**
   * Parses {@code 2h}, {@code 45m}, {@code 1h30m}, {@code 90s}, {@code 500ms} or ISO-8601 {@code
   * PT45M}; empty when {@code text} is none of these or zero.
   */
  public static Optional<Duration> parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("pt")) {
      try {
        return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)))
            .filter(d -> !d.isNegative() && !d.isZero());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    Matcher matcher = HUMAN.matcher(value);
    if (value.isEmpty() || !matcher.matches()) {
      return Optional.empty();
    }
    Duration duration = Duration.ZERO;
    duration = duration.plusHours(number(matcher.group(1)));
    duration = duration.plusMinutes(number(matcher.group(2)));
    duration = duration.plusSeconds(number(matcher.group(3)));
    duration = duration.plusMillis(number(matcher.group(4)));
    return duration.isZero() ? Optional.empty() : Optional.of(duration);
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }

  /** {@code 1h 02m}, {@code 4m 05s}, {@code 12.3s}, {@code 250ms}. */
  public static String format(long millis) {
    if (millis < 1_000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}

package ai.dynamo.test.engine.configuration;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The one grammar of durations in configuration and annotations ({@code dynamo.budget}, {@code
 * dynamo.gpu.wait}, {@code dynamo.env.start-timeout}, {@code dynamo.env.stop-grace},
 * {@code @Service(startTimeout)}): durations the way people write them, {@code 45m}, {@code 1h30m},
 * {@code 90s}, {@code 500ms}, or ISO-8601 {@code PT45M}; and the way reports write them back.
 */
@API(status = INTERNAL, since = "0.1")
public final class Durations {

  /** Valid examples, quoted by every error about a duration. */
  public static final String EXAMPLES = "90s, 45m, 1h30m, 500ms or PT45M";

  private static final Pattern HUMAN =
      Pattern.compile("(?:(\\d+)h)?\\s*(?:(\\d+)m(?!s))?\\s*(?:(\\d+)s)?\\s*(?:(\\d+)ms)?");

  private Durations() {}

  /**
   * Parses {@code 2h}, {@code 45m}, {@code 1h30m}, {@code 90s}, {@code 500ms} or ISO-8601 {@code
   * PT45M}; empty when {@code text} is none of these, zero or negative.
   */
  public static Optional<Duration> parse(String text) {
    return parseSigned(text).filter(d -> !d.isNegative() && !d.isZero());
  }

  /**
   * Parses the value {@code raw} of {@code key} (a configuration key, or an annotation attribute
   * such as {@code @Service(startTimeout) of nats}) as {@link #parse(String)} does.
   *
   * @throws ConfigurationException naming the key, the value and valid examples, for a value that
   *     is not a duration, is negative or is zero
   */
  public static Duration parse(String key, String raw) {
    Optional<Duration> signed = parseSigned(raw);
    if (signed.isPresent() && !signed.get().isNegative() && !signed.get().isZero()) {
      return signed.get();
    }
    String problem =
        signed.isEmpty()
            ? "it is not a duration"
            : signed.get().isZero()
                ? "a duration must be positive"
                : "a duration cannot be negative";
    throw new ConfigurationException(
        "Invalid "
            + key
            + "="
            + raw
            + ": "
            + problem
            + ". Write a positive duration such as "
            + EXAMPLES
            + ".");
  }

  /** {@code text} as a duration of any sign; {@code -1s} and {@code PT-5M} are negative. */
  private static Optional<Duration> parseSigned(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("-") && !value.startsWith("-p")) {
      return parseSigned(value.substring(1)).map(Duration::negated);
    }
    if (value.startsWith("p") || value.startsWith("-p")) {
      try {
        return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)));
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
    return Optional.of(duration);
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

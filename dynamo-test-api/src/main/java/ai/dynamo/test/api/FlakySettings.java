package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a failure of a {@link Flaky @Flaky} test does in this run, parsed from the configuration
 * parameters {@value #MODE} and {@value #RETRIES}. This is the one parser of both keys: {@code
 * Flaky}'s extension uses it when a test runs, and the dynamo engine at discovery, so that a bad
 * value stops the run before any test runs, with the same message either way.
 *
 * <pre>{@code
 * FlakySettings settings = FlakySettings.from(context::getConfigurationParameter);
 * int attempts = settings.mode() == FlakySettings.Mode.STRICT ? 1 : 1 + settings.retries();
 * }</pre>
 *
 * @param mode what a failure does: {@value #MODE}
 * @param retries how many more attempts a failed test gets: {@value #RETRIES}, 0 or more
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FlakySettings(Mode mode, int retries) {

  /**
   * The configuration parameter that says what a failure does: {@code retry} (default), {@code
   * quarantine} or {@code strict}; see {@link Mode}. Example: {@code dynamo.flaky=quarantine}.
   */
  public static final String MODE = "dynamo.flaky";

  /**
   * The configuration parameter that says how many more times a failed {@code @Flaky} test is
   * attempted: a whole number, 0 or more. Default: {@code 2}. Example: {@code
   * dynamo.flaky.retries=4}.
   */
  public static final String RETRIES = "dynamo.flaky.retries";

  /** The settings of a run that sets neither key: {@code retry}, 2 retries. */
  public static final FlakySettings DEFAULT = new FlakySettings(Mode.RETRY, 2);

  /** What a failure of a {@code @Flaky} test does; written in lower case in {@value #MODE}. */
  @API(status = EXPERIMENTAL, since = "0.1")
  public enum Mode {
    /** Attempt it again; a pass after a failure passes and is reported as flaky. */
    RETRY,
    /** As {@link #RETRY}, and a test that fails every attempt is reported as aborted. */
    QUARANTINE,
    /** No retry: a failure fails, as for any test. */
    STRICT;

    /** How the mode is written in {@value FlakySettings#MODE}: {@code quarantine}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code retries} is negative
   */
  public FlakySettings {
    Objects.requireNonNull(mode, "mode");
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
    }
  }

  /**
   * Parses {@value #MODE} and {@value #RETRIES} from the parameters that {@code parameters}
   * answers, such as {@code ExtensionContext::getConfigurationParameter}; a key not set or blank
   * takes its default.
   *
   * @throws ExtensionConfigurationException naming the key, the bad value, the valid values and the
   *     default
   */
  public static FlakySettings from(Function<String, Optional<String>> parameters) {
    Mode mode =
        value(parameters, MODE)
            .map(raw -> mode(raw).orElseThrow(() -> invalid(MODE, raw, validModes())))
            .orElse(DEFAULT.mode());
    int retries =
        value(parameters, RETRIES)
            .map(
                raw ->
                    retries(raw)
                        .orElseThrow(
                            () ->
                                invalid(
                                    RETRIES,
                                    raw,
                                    "a whole number of retries, 0 or more, such as 3 (default: "
                                        + DEFAULT.retries()
                                        + ")")))
            .orElse(DEFAULT.retries());
    return new FlakySettings(mode, retries);
  }

  private static Optional<String> value(Function<String, Optional<String>> parameters, String key) {
    return parameters.apply(key).map(String::trim).filter(raw -> !raw.isEmpty());
  }

  private static Optional<Mode> mode(String raw) {
    return Arrays.stream(Mode.values())
        .filter(mode -> mode.label().equals(raw.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  private static String validModes() {
    return Arrays.stream(Mode.values()).map(Mode::label).collect(Collectors.joining(", "))
        + " (default: "
        + DEFAULT.mode().label()
        + ")";
  }

  private static Optional<Integer> retries(String raw) {
    try {
      int retries = Integer.parseInt(raw);
      return retries >= 0 ? Optional.of(retries) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static ExtensionConfigurationException invalid(String key, String raw, String valid) {
    return new ExtensionConfigurationException(
        "Invalid " + key + "=" + raw + ". Valid values: " + valid + ".");
  }
}

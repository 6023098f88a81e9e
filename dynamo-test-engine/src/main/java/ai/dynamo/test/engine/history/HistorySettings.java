package ai.dynamo.test.engine.history;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Reads {@code dynamo.history} and {@code dynamo.history.window}. */
public final class HistorySettings {

  /** The window when {@code dynamo.history.window} is not set. */
  public static final int DEFAULT_WINDOW = 10;

  private HistorySettings() {}

  /**
   * The history store the parameters name, or empty when {@code dynamo.history=off}.
   *
   * @throws ConfigurationException for a window that is not a positive number
   */
  public static Optional<HistoryStore> store(Function<String, Optional<String>> parameters) {
    Optional<String> location =
        parameters.apply(Constants.HISTORY).map(String::trim).filter(v -> !v.isEmpty());
    if (location.filter("off"::equalsIgnoreCase).isPresent()) {
      return Optional.empty();
    }
    Path directory = location.map(Path::of).orElseGet(HistorySettings::defaultDirectory);
    return Optional.of(new HistoryStore(directory, window(parameters), System.out::println));
  }

  /** {@code target/dynamo-history}, or {@code build/dynamo-history} in a Gradle-style project. */
  static Path defaultDirectory() {
    boolean gradle = Files.isDirectory(Path.of("build")) && !Files.isDirectory(Path.of("target"));
    return Path.of(gradle ? "build" : "target", "dynamo-history");
  }

  private static int window(Function<String, Optional<String>> parameters) {
    Optional<String> raw =
        parameters.apply(Constants.HISTORY_WINDOW).map(String::trim).filter(v -> !v.isEmpty());
    if (raw.isEmpty()) {
      return DEFAULT_WINDOW;
    }
    try {
      int window = Integer.parseInt(raw.get());
      if (window > 0) {
        return window;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        "Invalid "
            + Constants.HISTORY_WINDOW
            + "="
            + raw.get()
            + ": expected a positive whole number of runs to keep per test, such as "
            + DEFAULT_WINDOW
            + " (the default).");
  }
}

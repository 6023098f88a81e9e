package ai.dynamo.test.engine.coverage;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * What coverage by test type is analysed against and must reach: {@code dynamo.coverage.classes}
 * and the {@code dynamo.coverage.minimum.<type>} ratios.
 *
 * <pre>{@code
 * CoverageSettings settings = CoverageSettings.from(request.getConfigurationParameters()::get);
 * settings.minimums(); // {unit=0.8}
 * }</pre>
 *
 * @param classes the class-file directories of the code under test
 * @param minimums the minimum line coverage by type label ({@code unit}, {@code e2e}), 0 to 1
 */
@API(status = INTERNAL, since = "0.1")
public record CoverageSettings(List<Path> classes, Map<String, Double> minimums) {

  /** The default of {@code dynamo.coverage.classes}. */
  static final String DEFAULT_CLASSES = "target/classes";

  /** Compact constructor: copies. */
  public CoverageSettings {
    classes = List.copyOf(classes);
    minimums = Map.copyOf(minimums);
  }

  /**
   * Reads the settings.
   *
   * @throws ConfigurationException when a minimum is not a ratio from 0 to 1
   */
  public static CoverageSettings from(Function<String, Optional<String>> parameters) {
    List<Path> classes =
        Arrays.stream(
                parameters.apply(Constants.COVERAGE_CLASSES).orElse(DEFAULT_CLASSES).split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(Path::of)
            .toList();
    Map<String, Double> minimums = new TreeMap<>();
    for (String key : Constants.ALL_KEYS) {
      if (key.startsWith(Constants.COVERAGE_MINIMUM_PREFIX)) {
        String type = key.substring(Constants.COVERAGE_MINIMUM_PREFIX.length());
        parameters.apply(key).ifPresent(value -> minimums.put(type, ratio(key, value)));
      }
    }
    return new CoverageSettings(classes, minimums);
  }

  private static double ratio(String key, String value) {
    try {
      double ratio = Double.parseDouble(value.strip());
      if (ratio >= 0 && ratio <= 1) {
        return ratio;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        key + "=" + value + " is not a coverage ratio: give a number from 0 to 1, such as 0.80.");
  }
}

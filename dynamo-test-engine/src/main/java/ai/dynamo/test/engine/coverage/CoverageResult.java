package ai.dynamo.test.engine.coverage;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The coverage of one run of the {@code dynamo} engine, as its reports show it.
 *
 * @param report the figures by type, empty when they could not be analysed
 * @param directory the directory holding the exec files
 * @param minimums the minimum line coverage by type label
 * @param belowMinimum one sentence per type below its minimum; empty when every minimum is met
 * @param problem why the figures could not be analysed, empty when they were
 */
@API(status = INTERNAL, since = "0.1")
public record CoverageResult(
    Optional<CoverageReport> report,
    Path directory,
    Map<String, Double> minimums,
    List<String> belowMinimum,
    Optional<String> problem) {

  /** Compact constructor: copies. */
  public CoverageResult {
    minimums = Map.copyOf(minimums);
    belowMinimum = List.copyOf(belowMinimum);
  }
}

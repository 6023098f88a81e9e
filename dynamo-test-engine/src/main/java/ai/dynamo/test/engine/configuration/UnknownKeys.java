package ai.dynamo.test.engine.configuration;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The {@code dynamo.*} keys of a run that are no parameter of the engine, sorted in two: those that
 * look like a misspelt parameter, which stop the run, and those close to no parameter, which are
 * ignored with a warning. Build tools pass every {@code -D} property of the command line to the
 * tests ({@code mvn test -Ddynamo.version=0.2.0}), so a {@code dynamo.*} key is not always meant
 * for the engine.
 *
 * <p>Compared without the {@code dynamo.} prefix and ignoring case, an unknown key is close to a
 * parameter when
 *
 * <ul>
 *   <li>it is within {@value #MAX_DISTANCE} edits of it ({@link EditDistance}): {@code
 *       dynamo.stgae} and {@code dynamo.stage}, {@code dynamo.env.moed} and {@code
 *       dynamo.env.mode}; or
 *   <li>its first segment is the parameter's first segment: {@code dynamo.env.timeout} and {@code
 *       dynamo.env.start-timeout}, {@code dynamo.budget.someday} and {@code dynamo.budget.nightly}.
 * </ul>
 */
@API(status = INTERNAL, since = "0.1")
public final class UnknownKeys {

  /** The most edits between an unknown key and a parameter for the key to count as misspelt. */
  public static final int MAX_DISTANCE = 2;

  private static final String PREFIX = "dynamo.";

  private final Collection<String> valid;
  private final Map<String, String> misspelt;
  private final List<String> ignored;

  private UnknownKeys(Collection<String> keys, Collection<String> valid) {
    this.valid = new TreeSet<>(valid);
    this.misspelt = new TreeMap<>();
    TreeSet<String> far = new TreeSet<>();
    for (String key : keys) {
      if (!key.startsWith(PREFIX) || valid.contains(key)) {
        continue;
      }
      Optional<String> hint = hint(key);
      if (hint.isPresent()) {
        misspelt.put(key, hint.get());
      } else {
        far.add(key);
      }
    }
    this.ignored = List.copyOf(far);
  }

  /**
   * The unknown {@code dynamo.*} keys among {@code keys}, given the engine's {@code valid} keys.
   */
  public static UnknownKeys among(Collection<String> keys, Collection<String> valid) {
    return new UnknownKeys(keys, valid);
  }

  /** The unknown keys close to no parameter, sorted: the engine ignores them with a warning. */
  public List<String> ignored() {
    return ignored;
  }

  /**
   * The error for the unknown keys close to a parameter, each with the parameter it most likely
   * meant, followed by every valid key; empty when there are none.
   */
  public Optional<ConfigurationException> misspelling() {
    if (misspelt.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ConfigurationException(
            "Unknown configuration parameter"
                + (misspelt.size() > 1 ? "s " : " ")
                + misspelt.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", "))
                + ". Valid parameters: "
                + String.join(", ", valid)
                + "."));
  }

  /**
   * What {@code key} most likely meant: the nearest parameter within {@value #MAX_DISTANCE} edits,
   * else the parameters of its first segment; empty when it is close to none.
   */
  private Optional<String> hint(String key) {
    String name = name(key);
    Optional<String> nearest =
        valid.stream()
            .filter(candidate -> EditDistance.between(name(candidate), name) <= MAX_DISTANCE)
            .min(Comparator.comparingInt(candidate -> EditDistance.between(name(candidate), name)));
    if (nearest.isPresent()) {
      return Optional.of("did you mean " + nearest.get() + "?");
    }
    String segment = firstSegment(name);
    List<String> sameSegment =
        valid.stream().filter(candidate -> firstSegment(name(candidate)).equals(segment)).toList();
    if (sameSegment.isEmpty()) {
      return Optional.empty();
    }
    if (sameSegment.size() == 1) {
      return Optional.of("did you mean " + sameSegment.get(0) + "?");
    }
    return Optional.of(
        "parameters starting " + PREFIX + segment + ": " + String.join(", ", sameSegment));
  }

  private static String name(String key) {
    return key.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
  }

  private static String firstSegment(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}

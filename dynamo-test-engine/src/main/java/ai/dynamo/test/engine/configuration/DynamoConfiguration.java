package ai.dynamo.test.engine.configuration;

import static ai.dynamo.test.engine.Constants.ALL_KEYS;
import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.FlakySettings;
import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.labels.ClassificationRules;
import ai.dynamo.test.engine.labels.LabelNames;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The engine's configuration, parsed once from the JUnit configuration parameters. Every value is
 * checked here; a bad one is a {@link ConfigurationException} naming the key, the value and the
 * valid choices.
 */
@API(status = INTERNAL, since = "0.1")
public final class DynamoConfiguration {

  /** What an empty selection does. */
  public enum EmptySelection {
    FAIL,
    ALLOW
  }

  /** Whether unclassified tests fail the run. */
  public enum Classification {
    REPORT,
    STRICT
  }

  /** Whether unclassified tests run under a selection. */
  public enum Unclassified {
    EXCLUDE,
    INCLUDE
  }

  /** Whether citations of unknown features or doc sections fail the run. */
  public enum CitationPolicy {
    REPORT,
    STRICT
  }

  /** What {@code dynamo.affected} does when git cannot tell the changes. */
  public enum AffectedFallback {
    FAIL,
    ALL
  }

  /** What an unmet {@code @Requires} does. */
  public enum MissingRequirement {
    SKIP,
    FAIL
  }

  private final Function<String, Optional<String>> parameters;
  private final Set<Lifecycle> stages;
  private final Set<TestKind> kinds;
  private final Optional<String> select;
  private final EmptySelection empty;
  private final Classification classification;
  private final Unclassified unclassified;
  private final MissingRequirement missingRequirement;
  private final boolean summary;
  private final boolean dryRun;
  private final CitationPolicy citations;
  private final ClassificationRules classificationRules;
  private final int progressSeconds;
  private final FlakySettings flaky;
  private final List<String> ignoredKeys;
  private final Optional<String> affected;
  private final AffectedFallback affectedFallback;
  private final boolean affectedMap;

  private DynamoConfiguration(
      Function<String, Optional<String>> parameters, List<String> ignoredKeys) {
    this.parameters = parameters;
    this.ignoredKeys = ignoredKeys;
    this.stages = names(Constants.STAGE, Lifecycle.class, "stage");
    this.kinds = names(Constants.TYPE, TestKind.class, "test type");
    this.select = value(Constants.SELECT);
    this.empty = option(Constants.EMPTY, EmptySelection.class, EmptySelection.FAIL);
    this.classification =
        option(Constants.CLASSIFICATION, Classification.class, Classification.REPORT);
    this.unclassified = option(Constants.UNCLASSIFIED, Unclassified.class, Unclassified.EXCLUDE);
    this.missingRequirement =
        option(Constants.REQUIREMENTS_MISSING, MissingRequirement.class, MissingRequirement.SKIP);
    this.summary = option(Constants.SUMMARY, Toggle.class, Toggle.TRUE) == Toggle.TRUE;
    this.dryRun = option(Constants.DRY_RUN, Toggle.class, Toggle.FALSE) == Toggle.TRUE;
    this.citations = option(Constants.CITATIONS, CitationPolicy.class, CitationPolicy.REPORT);
    this.classificationRules =
        value(Constants.CLASSIFICATION_RULES)
            .map(Path::of)
            .map(ClassificationRules::load)
            .orElse(ClassificationRules.NONE);
    this.progressSeconds = parseProgress();
    this.flaky = parseFlaky();
    this.affected = parseAffected();
    this.affectedFallback =
        option(Constants.AFFECTED_FALLBACK, AffectedFallback.class, AffectedFallback.FAIL);
    this.affectedMap = option(Constants.AFFECTED_MAP, Toggle.class, Toggle.TRUE) == Toggle.TRUE;
  }

  private Optional<String> parseAffected() {
    Optional<String> ref = value(Constants.AFFECTED);
    if (ref.isPresent()
        && (ref.get().startsWith("-") || ref.get().chars().anyMatch(Character::isWhitespace))) {
      throw new ConfigurationException(
          "Invalid "
              + Constants.AFFECTED
              + "="
              + ref.get()
              + ": expected a git ref or commit to compare the working tree with, such as"
              + " origin/main, HEAD~1 or a commit id (no spaces, not starting with '-').");
    }
    return ref;
  }

  /** The git ref of {@code dynamo.affected}: run only the tests its changes affect. */
  public Optional<String> affected() {
    return affected;
  }

  /** What {@code dynamo.affected} does when git cannot tell, {@code dynamo.affected.fallback}. */
  public AffectedFallback affectedFallback() {
    return affectedFallback;
  }

  /**
   * Whether a run with the JaCoCo agent records the test-to-class map, {@code dynamo.affected.map}.
   */
  public boolean affectedMap() {
    return affectedMap;
  }

  private enum Toggle {
    TRUE,
    FALSE
  }

  /**
   * Parses and checks every {@code dynamo.*} parameter. An unknown {@code dynamo.*} key close to a
   * parameter is an error; one close to none is {@linkplain #ignoredKeys() ignored} (see {@link
   * UnknownKeys}).
   *
   * @throws ConfigurationException for a misspelt {@code dynamo.*} key or a bad value
   */
  public static DynamoConfiguration from(ConfigurationParameters parameters) {
    UnknownKeys unknown = UnknownKeys.among(parameters.keySet(), ALL_KEYS);
    unknown
        .misspelling()
        .ifPresent(
            e -> {
              throw e;
            });
    return new DynamoConfiguration(parameters::get, unknown.ignored());
  }

  /**
   * Parses the parameters that {@code lookup} answers, for callers that cannot list the keys (such
   * as an extension, whose run was checked at discovery).
   */
  public static DynamoConfiguration from(Function<String, Optional<String>> lookup) {
    return new DynamoConfiguration(lookup, List.of());
  }

  private Optional<String> value(String key) {
    return parameters.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  private <E extends Enum<E>> Set<E> names(String key, Class<E> type, String what) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) {
      return Collections.emptySet();
    }
    Set<E> parsed = EnumSet.noneOf(type);
    for (String name : raw.get().split(",")) {
      if (name.isBlank()) {
        continue;
      }
      parsed.add(
          LabelNames.parse(type, name)
              .orElseThrow(
                  () ->
                      new ConfigurationException(
                          "Invalid "
                              + key
                              + "="
                              + raw.get()
                              + ": unknown "
                              + what
                              + " '"
                              + name.trim()
                              + "'. Valid "
                              + what
                              + "s: "
                              + LabelNames.all(type)
                              + ".")));
    }
    return Collections.unmodifiableSet(parsed);
  }

  private <E extends Enum<E>> E option(String key, Class<E> type, E defaultValue) {
    return option(parameters, key, type, defaultValue);
  }

  /**
   * Parses the value of {@code key} as a constant of {@code type}, written as its label ({@code
   * fail-fast}, {@code FAIL_FAST}); {@code defaultValue} when not set or blank.
   *
   * @throws ConfigurationException naming the key, the bad value, the valid values and the default
   */
  public static <E extends Enum<E>> E option(
      Function<String, Optional<String>> parameters, String key, Class<E> type, E defaultValue) {
    return parameters
        .apply(key)
        .map(String::trim)
        .filter(raw -> !raw.isEmpty())
        .map(
            raw ->
                LabelNames.parse(type, raw)
                    .orElseThrow(
                        () ->
                            new ConfigurationException(
                                "Invalid "
                                    + key
                                    + "="
                                    + raw
                                    + ". Valid values: "
                                    + LabelNames.all(type)
                                    + " (default: "
                                    + LabelNames.of(defaultValue)
                                    + ").")))
        .orElse(defaultValue);
  }

  /**
   * The {@code dynamo.*} keys of the parameters that are no parameter of the engine nor close to
   * one, sorted: ignored, with a warning once a run.
   */
  public List<String> ignoredKeys() {
    return ignoredKeys;
  }

  /** The raw value of {@code key}, trimmed, when set and not blank. */
  public Optional<String> get(String key) {
    return value(key);
  }

  /** The selected stages; empty when {@code dynamo.stage} is not set. */
  public Set<Lifecycle> stages() {
    return stages;
  }

  /** The selected kinds; empty when {@code dynamo.type} is not set. */
  public Set<TestKind> kinds() {
    return kinds;
  }

  /** The label expression of {@code dynamo.select}, if set. */
  public Optional<String> select() {
    return select;
  }

  /** Whether any of {@code dynamo.stage}, {@code dynamo.type}, {@code dynamo.select} is set. */
  public boolean hasSelection() {
    return !stages.isEmpty() || !kinds.isEmpty() || select.isPresent();
  }

  /** The selection as the user wrote it, for messages: {@code dynamo.stage=nightly}. */
  public String describeSelection() {
    return Arrays.stream(new String[] {Constants.STAGE, Constants.TYPE, Constants.SELECT})
        .filter(key -> value(key).isPresent())
        .map(key -> key + "=" + value(key).get())
        .collect(Collectors.joining(", "));
  }

  public EmptySelection empty() {
    return empty;
  }

  public Classification classification() {
    return classification;
  }

  public Unclassified unclassified() {
    return unclassified;
  }

  public MissingRequirement missingRequirement() {
    return missingRequirement;
  }

  public boolean summary() {
    return summary;
  }

  /** Whether {@code dynamo.dry-run=true}: plan, but execute nothing. */
  public boolean dryRun() {
    return dryRun;
  }

  /** The reports directory of {@code dynamo.reports.dir}, default {@code target/dynamo}. */
  public Path reportsDir() {
    return Path.of(value(Constants.REPORTS_DIR).orElse("target/dynamo"));
  }

  /** Seconds between progress lines, from {@code dynamo.progress}; 0 means none. */
  public int progressSeconds() {
    return progressSeconds;
  }

  private int parseProgress() {
    Optional<String> raw = value(Constants.PROGRESS);
    if (raw.isEmpty()) {
      return 30;
    }
    try {
      int seconds = Integer.parseInt(raw.get());
      if (seconds >= 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below, with the valid values
    }
    throw new ConfigurationException(
        "Invalid "
            + Constants.PROGRESS
            + "="
            + raw.get()
            + ". Valid values: a whole number of seconds between progress lines, such as 10, or 0"
            + " for none (default: 30).");
  }

  /** What a failure of a {@code @Flaky} test does, from {@code dynamo.flaky}. */
  public FlakySettings.Mode flaky() {
    return flaky.mode();
  }

  /** How many more times a failed {@code @Flaky} test runs, from {@code dynamo.flaky.retries}. */
  public int flakyRetries() {
    return flaky.retries();
  }

  /**
   * The API's parser of both keys, so that a value {@code @Flaky}'s extension would reject when a
   * test runs is rejected here, at discovery, with the same message.
   */
  private FlakySettings parseFlaky() {
    try {
      return FlakySettings.from(parameters);
    } catch (ExtensionConfigurationException e) {
      throw new ConfigurationException(e.getMessage());
    }
  }

  /** What a citation of an unknown feature or doc section does. */
  public CitationPolicy citations() {
    return citations;
  }

  /**
   * The rules that classify tests without annotations; {@link ClassificationRules#NONE} if none.
   */
  public ClassificationRules classificationRules() {
    return classificationRules;
  }
}

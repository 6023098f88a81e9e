package ai.dynamo.test.engine.merge;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.labels.ClassificationRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stages, types and requirements of the tests of other runners, by their markers and by their
 * names: the {@code --foreign-rules} file of {@link MergeReports}. One rule a line, {@code key =
 * value}, split at the first {@code =} (test names hold {@code :}, which a properties file would
 * split at); {@code #} and {@code !} start comments:
 *
 * <pre>
 * # marker.&lt;pytest marker&gt; = stages; type [; requirements]   or   = ignore
 * marker.pre_merge = pre-merge;
 * marker.nightly   = nightly;
 * marker.e2e       = ; e2e
 * marker.gpu_2     = ; ; gpu×2
 * marker.slow      = ignore
 * # &lt;runner&gt;:&lt;name pattern&gt; = stages; type [; requirements], the first match wins
 * pytest:tests/serve/**  = nightly; e2e
 * nextest:**::e2e::**    = nightly; e2e
 * *:**                   = pre-merge; unit
 * </pre>
 *
 * <p>The {@code stages; type} part is the format of {@code dynamo.classification.rules} ({@link
 * ClassificationRules#defaults}). Every marker rule that a test's markers name adds its stages and
 * requirements, and the first that gives a type gives it. A name rule then fills only what the
 * markers left open: the first rule of the test's runner (or {@code *}) whose pattern matches the
 * test's name. In a pattern {@code **} stands for any text, {@code *} for any text without {@code
 * /} or {@code :}.
 */
final class ForeignRules {

  static final String MARKER = "marker.";
  static final String IGNORE = "ignore";

  /** No rules: every test of another runner is unclassified, and every marker unmapped. */
  static final ForeignRules NONE = new ForeignRules(Map.of(), List.of());

  private static final Pattern GPUS = Pattern.compile("gpu\\s*(?:[×x*_]\\s*(\\d+))?");
  private static final String REQUIREMENTS =
      "gpu, gpu×N (also written gpu x N, gpu*N), docker, command <name>, env <VARIABLE>";

  /** What a rule gives: stages and requirements, and a type if any. */
  record Labels(Set<Lifecycle> stages, Optional<TestKind> kind, List<String> requirements) {}

  private record NameRule(String key, ForeignRunner runner, Pattern regex, Labels labels) {

    boolean matches(ForeignRunner of, String name) {
      return (runner == null || runner == of) && regex.matcher(name).matches();
    }
  }

  /**
   * A test's labels after the rules.
   *
   * @param classifiedBy the key of the name rule that filled what its markers left open, if one did
   * @param unmapped its markers that no rule maps
   */
  record Classified(
      Set<Lifecycle> stages,
      Optional<TestKind> kind,
      List<String> requirements,
      Optional<String> classifiedBy,
      List<String> unmapped) {

    boolean isUnclassified() {
      return stages.isEmpty() || kind.isEmpty();
    }
  }

  /** The rules by marker; an empty value for a marker mapped to {@value #IGNORE}. */
  private final Map<String, Optional<Labels>> markers;

  private final List<NameRule> names;

  private ForeignRules(Map<String, Optional<Labels>> markers, List<NameRule> names) {
    this.markers = markers;
    this.names = names;
  }

  /**
   * The rules of {@code file}.
   *
   * @throws ConfigurationException naming the file, the line and what is wrong with it: the valid
   *     keys, stages, types or requirements
   */
  static ForeignRules load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot read the rules for other runners' tests "
              + file
              + " ("
              + MergeOptions.FOREIGN_RULES
              + "): "
              + e.getMessage()
              + ".");
    }
    Map<String, Optional<Labels>> markers = new HashMap<>();
    List<NameRule> names = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      String where = "line " + (i + 1) + " of " + file + " ('" + line + "')";
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new ConfigurationException("Invalid " + where + ": write 'key = value'. " + keys());
      }
      String key = line.substring(0, equals).strip();
      String value = line.substring(equals + 1).strip();
      if (key.startsWith(MARKER) && key.length() > MARKER.length()) {
        String marker = key.substring(MARKER.length());
        Optional<Labels> labels =
            value.toLowerCase(Locale.ROOT).equals(IGNORE)
                ? Optional.empty()
                : Optional.of(labels(where, value));
        if (markers.put(marker, labels) != null) {
          throw new ConfigurationException(
              "Invalid " + where + ": the marker '" + marker + "' is mapped twice.");
        }
        continue;
      }
      int colon = key.indexOf(':');
      String runnerName = colon < 0 ? "" : key.substring(0, colon).strip();
      String pattern = colon < 0 ? "" : key.substring(colon + 1).strip();
      if (colon < 0 || pattern.isEmpty()) {
        throw new ConfigurationException(
            "Invalid " + where + ": unknown key '" + key + "'. " + keys());
      }
      ForeignRunner runner = null;
      if (!runnerName.equals("*")) {
        runner =
            ForeignRunner.parse(runnerName)
                .orElseThrow(
                    () ->
                        new ConfigurationException(
                            "Invalid "
                                + where
                                + ": unknown runner '"
                                + runnerName
                                + "'. Valid runners: "
                                + ForeignRunner.all()
                                + ", or * for every runner."));
      }
      names.add(
          new NameRule(key, runner, ClassificationRules.glob(pattern, "/:"), labels(where, value)));
    }
    return new ForeignRules(Map.copyOf(markers), List.copyOf(names));
  }

  private static String keys() {
    return "Valid keys: 'marker.<marker>' for a pytest marker, '<runner>:<name pattern>' for"
        + " test names, the runner one of "
        + ForeignRunner.all()
        + " or *.";
  }

  /** {@code stages; type} or {@code stages; type; requirements}; at least one part not empty. */
  private static Labels labels(String where, String value) {
    String[] parts = value.split(";", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new ConfigurationException(
          "Invalid "
              + where
              + ": write 'stages; type' or 'stages; type; requirements', such as 'nightly; e2e'"
              + " or '; ; gpu×2' (parts may be empty, not all), or '"
              + IGNORE
              + "' for a marker that gives nothing.");
    }
    List<String> requirements = new ArrayList<>();
    if (parts.length == 3) {
      for (String requirement : parts[2].split(",")) {
        if (!requirement.isBlank()) {
          requirements.add(requirement(where, requirement.strip()));
        }
      }
    }
    if (parts[0].isBlank() && parts[1].isBlank()) {
      if (requirements.isEmpty()) {
        throw new ConfigurationException(
            "Invalid "
                + where
                + ": it gives neither a stage, a type nor a requirement; write '"
                + IGNORE
                + "' for a marker that gives nothing.");
      }
      return new Labels(EnumSet.noneOf(Lifecycle.class), Optional.empty(), requirements);
    }
    ClassificationRules.Defaults defaults =
        ClassificationRules.defaults(where, parts[0] + ";" + parts[1]);
    return new Labels(defaults.stages(), defaults.kind(), List.copyOf(requirements));
  }

  /** A requirement as the reports write it: {@code gpu×2}, {@code docker}, {@code env HF_TOKEN}. */
  private static String requirement(String where, String text) {
    Matcher gpus = GPUS.matcher(text.toLowerCase(Locale.ROOT));
    if (gpus.matches()) {
      return gpus.group(1) == null ? "gpu" : "gpu×" + Integer.parseInt(gpus.group(1));
    }
    if (text.equalsIgnoreCase("docker")) {
      return "docker";
    }
    String[] words = text.split("\\s+", 2);
    if (words.length == 2
        && (words[0].equalsIgnoreCase("command") || words[0].equalsIgnoreCase("env"))) {
      return words[0].toLowerCase(Locale.ROOT) + " " + words[1];
    }
    throw new ConfigurationException(
        "Invalid " + where + ": unknown requirement '" + text + "'. Valid: " + REQUIREMENTS + ".");
  }

  /** The labels of the test {@code name} of {@code runner}, which carries {@code markers}. */
  Classified classify(ForeignRunner runner, String name, List<String> markers) {
    Set<Lifecycle> stages = EnumSet.noneOf(Lifecycle.class);
    Optional<TestKind> kind = Optional.empty();
    Set<String> requirements = new LinkedHashSet<>();
    List<String> unmapped = new ArrayList<>();
    for (String marker : markers) {
      Optional<Labels> rule = this.markers.get(marker);
      if (rule == null) {
        unmapped.add(marker);
        continue;
      }
      if (rule.isPresent()) {
        stages.addAll(rule.get().stages());
        kind = kind.or(() -> rule.get().kind());
        requirements.addAll(rule.get().requirements());
      }
    }
    Optional<String> classifiedBy = Optional.empty();
    if (stages.isEmpty() || kind.isEmpty()) {
      Optional<NameRule> rule = names.stream().filter(r -> r.matches(runner, name)).findFirst();
      if (rule.isPresent()) {
        Labels labels = rule.get().labels();
        if (stages.isEmpty()) {
          stages.addAll(labels.stages());
        }
        kind = kind.or(labels::kind);
        requirements.addAll(labels.requirements());
        classifiedBy = Optional.of(rule.get().key());
      }
    }
    return new Classified(
        stages, kind, List.copyOf(requirements), classifiedBy, List.copyOf(unmapped));
  }
}

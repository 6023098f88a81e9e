package ai.dynamo.test.maven;

import ai.dynamo.test.engine.configuration.EditDistance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The {@code dynamo-test.*} user properties of each goal, in one place: the goals read them as
 * their parameters' properties, and a command line that names one no goal knows ({@code
 * -Ddynamo-test.stagee=nightly}) fails before anything runs, with the nearest valid name.
 */
final class PluginProperties {

  static final String PREFIX = "dynamo-test.";

  /** Each goal's properties, and the option of the engine's command line each one stands for. */
  private static final Map<String, Map<String, String>> BY_GOAL = new LinkedHashMap<>();

  static {
    Map<String, String> plan = new LinkedHashMap<>();
    plan.put("history", "--history");
    plan.put("seedFrom", "--seed-from");
    plan.put("stage", "--stage");
    plan.put("type", "--type");
    plan.put("budget", "--budget");
    plan.put("maxShards", "--max-shards");
    plan.put("shards", "--shards");
    plan.put("promote", "--promote");
    plan.put("includesDir", "--includes-dir");
    plan.put("planOutput", "");
    BY_GOAL.put("plan", plan);
    Map<String, String> merge = new LinkedHashMap<>();
    merge.put("inputs", "--inputs");
    merge.put("output", "--output");
    merge.put("partial", "--partial");
    merge.put("classes", "--classes");
    merge.put("history", "--history");
    merge.put("junitXml", "--junit-xml");
    merge.put("foreignRules", "--foreign-rules");
    BY_GOAL.put("merge", merge);
    Map<String, String> check = new LinkedHashMap<>();
    check.put("classification", "");
    check.put("strict", "--strict");
    check.put("excludes", "--exclude");
    check.put("rules", "--rules");
    check.put("document", "--document");
    check.put("pipelines", "--pipelines");
    check.put("plans", "");
    BY_GOAL.put("check", check);
  }

  private PluginProperties() {}

  /** The full property names of {@code goal}: {@code dynamo-test.stage}, ... */
  static List<String> of(String goal) {
    return BY_GOAL.get(goal).keySet().stream().map(name -> PREFIX + name).toList();
  }

  /**
   * The problem with the {@code dynamo-test.*} names among {@code userProperties}, if any: a name
   * that no goal of the plugin knows. A name of another goal is accepted, since one command line
   * may run several goals ({@code mvn dynamo-test:plan dynamo-test:merge}).
   */
  static Optional<String> unknown(String goal, Properties userProperties) {
    TreeSet<String> known = new TreeSet<>();
    BY_GOAL.keySet().forEach(g -> known.addAll(of(g)));
    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(userProperties.stringPropertyNames())) {
      if (name.startsWith(PREFIX) && !known.contains(name)) {
        problems.add(
            name + nearest(name, known).map(valid -> " (did you mean " + valid + "?)").orElse(""));
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        (problems.size() == 1 ? "Unknown property " : "Unknown properties ")
            + String.join(", ", problems)
            + ". The properties of dynamo-test:"
            + goal
            + " are "
            + String.join(", ", of(goal))
            + ".");
  }

  /**
   * {@code message} of the engine's command line in terms of {@code goal}'s properties: {@code
   * Invalid --shards x} becomes {@code Invalid dynamo-test.shards x}, and the command line's usage
   * is left out (the goal's properties are named instead).
   */
  static String translate(String goal, String message) {
    String text = message;
    int usage = text.indexOf("Usage:");
    if (usage >= 0) {
      text = text.substring(0, usage).strip();
    }
    // Longest options first, so that --max-shards is not read as --max- and --shards.
    List<Map.Entry<String, String>> options =
        BY_GOAL.get(goal).entrySet().stream()
            .filter(option -> !option.getValue().isEmpty())
            .sorted(Comparator.comparingInt(option -> -option.getValue().length()))
            .toList();
    for (Map.Entry<String, String> option : options) {
      text = text.replaceAll(option.getValue() + "\\b", PREFIX + option.getKey());
    }
    return text;
  }

  private static Optional<String> nearest(String name, TreeSet<String> known) {
    return known.stream()
        .min(Comparator.comparingInt(valid -> EditDistance.between(valid, name)))
        .filter(valid -> EditDistance.between(valid, name) <= 3);
  }
}

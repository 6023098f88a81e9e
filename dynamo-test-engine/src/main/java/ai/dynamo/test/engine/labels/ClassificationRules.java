package ai.dynamo.test.engine.labels;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Default stages and types for tests that do not declare them, by package or class-name pattern:
 * the way in for a suite of thousands of unclassified tests, which can then adopt stage selection
 * in one commit and be annotated over time. Kept in a properties file named by {@value
 * Constants#CLASSIFICATION_RULES}, one rule a line, the first rule whose pattern matches the test
 * class winning:
 *
 * <pre>
 * # class-name pattern = stages; type
 * **.*IT             = nightly; integration
 * com.acme.perf.**   = weekly; performance
 * **                 = pre-merge; unit
 * </pre>
 *
 * <p>In a pattern, {@code *} stands for any part of a name without a dot, {@code **} for any part
 * with dots. A rule fills only what a test lacks: its own {@code @Stage} and {@code @TestType}, on
 * the method, the class or an enclosing class, always win. Either side of the {@code ;} may be
 * empty ({@code com.acme.legacy.** = nightly;} gives a stage only).
 */
@API(status = INTERNAL, since = "0.1")
public final class ClassificationRules {

  /** No rules: every test keeps what it declares. */
  public static final ClassificationRules NONE = new ClassificationRules("", List.of());

  /** One rule of the file. */
  public record Rule(
      String pattern, Pattern regex, Set<Lifecycle> stages, Optional<TestKind> kind) {

    boolean matches(String className) {
      return regex.matcher(className).matches();
    }
  }

  private final String source;
  private final List<Rule> rules;
  private final Map<Class<?>, Optional<Rule>> byClass = new ConcurrentHashMap<>();

  private ClassificationRules(String source, List<Rule> rules) {
    this.source = source;
    this.rules = List.copyOf(rules);
  }

  /**
   * The rules of {@code file}, in the order they are written.
   *
   * @throws ConfigurationException naming the file, the line and the valid choices of a bad rule
   */
  public static ClassificationRules load(Path file) {
    List<String[]> entries = new ArrayList<>();
    // Properties parses the syntax (escapes, continuation lines); put keeps the file's order.
    Properties ordered =
        new Properties() {
          private static final long serialVersionUID = 1L;

          @Override
          public synchronized Object put(Object key, Object value) {
            entries.add(new String[] {key.toString(), value.toString()});
            return super.put(key, value);
          }
        };
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ordered.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(
          "Cannot read the classification rules "
              + file
              + " ("
              + Constants.CLASSIFICATION_RULES
              + "): "
              + e.getMessage()
              + ". Give the path of a properties file of lines such as"
              + " '**.*IT = nightly; integration'.");
    }
    List<Rule> rules = new ArrayList<>();
    for (String[] entry : entries) {
      rules.add(rule(file, entry[0].strip(), entry[1].strip()));
    }
    return new ClassificationRules(file.toString(), rules);
  }

  private static Rule rule(Path file, String pattern, String value) {
    Defaults defaults = defaults("rule '" + pattern + " = " + value + "' in " + file, value);
    return new Rule(pattern, glob(pattern, "."), defaults.stages(), defaults.kind());
  }

  /**
   * The stages and type a rule gives, parsed from its value {@code stages; type}.
   *
   * @param stages the stages, empty when the rule gives none
   * @param kind the type, if the rule gives one
   */
  public record Defaults(Set<Lifecycle> stages, Optional<TestKind> kind) {}

  /**
   * Parses {@code value}, written {@code stages; type} (either side may be empty, not both), as a
   * rule of this file's format.
   *
   * @param where the rule and its file, for messages: {@code rule 'x = y' in rules.properties}
   * @throws ConfigurationException naming {@code where}, the bad stage or type and the valid ones
   */
  public static Defaults defaults(String where, String value) {
    int semicolon = value.indexOf(';');
    if (semicolon < 0) {
      throw new ConfigurationException(
          "Invalid "
              + where
              + ": write 'stages; type', such as 'nightly; integration' or 'pre-merge,nightly;"
              + " e2e' (either side may be empty).");
    }
    Set<Lifecycle> stages = EnumSet.noneOf(Lifecycle.class);
    for (String name : value.substring(0, semicolon).split(",")) {
      if (!name.isBlank()) {
        stages.add(
            LabelNames.parse(Lifecycle.class, name)
                .orElseThrow(
                    () ->
                        new ConfigurationException(
                            "Invalid "
                                + where
                                + ": unknown stage '"
                                + name.strip()
                                + "'. Valid stages: "
                                + LabelNames.all(Lifecycle.class)
                                + ".")));
      }
    }
    String typeName = value.substring(semicolon + 1).strip();
    Optional<TestKind> kind =
        typeName.isEmpty()
            ? Optional.empty()
            : Optional.of(
                LabelNames.parse(TestKind.class, typeName)
                    .orElseThrow(
                        () ->
                            new ConfigurationException(
                                "Invalid "
                                    + where
                                    + ": unknown test type '"
                                    + typeName
                                    + "'. Valid types: "
                                    + LabelNames.all(TestKind.class)
                                    + ".")));
    if (stages.isEmpty() && kind.isEmpty()) {
      throw new ConfigurationException(
          "Invalid " + where + ": it gives neither a stage nor a type.");
    }
    return new Defaults(Collections.unmodifiableSet(stages), kind);
  }

  /**
   * A name pattern: {@code **} any characters, {@code *} any but the {@code separators}, everything
   * else literally. Class-name rules separate by {@code "."}; the name rules of other runners'
   * reports ({@code merge.ForeignRules}) by {@code "/:"}.
   */
  public static Pattern glob(String pattern, String separators) {
    StringBuilder one = new StringBuilder("[^");
    separators.chars().forEach(c -> one.append('\\').append((char) c));
    one.append("]*");
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append(one);
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** Where the rules come from, for messages; empty for {@link #NONE}. */
  public String source() {
    return source;
  }

  /** Whether there are no rules. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * A test's labels after the rules, and the pattern of the rule that classified it: present only
   * when the test declared too little and the rule's stage and type made it classified.
   */
  public record Classified(TestLabels labels, Optional<String> byRule) {}

  /** {@code declared}, the labels of a test of {@code testClass}, completed by the rules. */
  public Classified classify(Class<?> testClass, TestLabels declared) {
    Optional<Rule> rule = ruleFor(testClass, declared);
    TestLabels labels = rule.map(r -> completed(declared, r)).orElse(declared);
    return new Classified(labels, rule.filter(r -> !labels.isUnclassified()).map(Rule::pattern));
  }

  /** The rule that classifies {@code labels} of a test of {@code testClass}, if it fills a gap. */
  private Optional<Rule> ruleFor(Class<?> testClass, TestLabels labels) {
    if (rules.isEmpty() || !labels.isUnclassified()) {
      return Optional.empty();
    }
    return byClass.computeIfAbsent(
        testClass, type -> rules.stream().filter(rule -> rule.matches(type.getName())).findFirst());
  }

  /** {@code labels} with what they lack filled in by the first rule matching {@code testClass}. */
  public TestLabels apply(Class<?> testClass, TestLabels labels) {
    return ruleFor(testClass, labels).map(rule -> completed(labels, rule)).orElse(labels);
  }

  private static TestLabels completed(TestLabels labels, Rule rule) {
    return new TestLabels(
        labels.stages().isEmpty() ? rule.stages() : labels.stages(),
        labels.kind().isEmpty() ? rule.kind() : labels.kind(),
        labels.requirements(),
        labels.tags());
  }
}

package ai.dynamo.test.engine.selection;

import ai.dynamo.test.api.Capability;
import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.EditDistance;
import ai.dynamo.test.engine.labels.LabelNames;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;

/**
 * A {@code dynamo.select} expression, in JUnit's tag-expression syntax, evaluated over a test's
 * labels. JUnit parses and evaluates it; this class only writes stage, kind and capability names in
 * their canonical form first ({@code NIGHTLY} and {@code Nightly} become {@code nightly}) and notes
 * the words that look like a misspelt taxonomy name: whether they are typos or real tags can only
 * be told from the tags of the whole run.
 */
final class LabelExpression {

  private static final Pattern WORD = Pattern.compile("[^\\s()&|!]+");
  private static final UniqueId PROBE_ID = UniqueId.root("dynamo-labels", "probe");

  /**
   * The stage, kind and capability labels, in their canonical form and declaration order (the first
   * of equally close names is the one a misspelling is said to mean).
   */
  private static final Set<String> TAXONOMY_LABELS =
      Collections.unmodifiableSet(
          Stream.of(Lifecycle.values(), TestKind.values(), Capability.values())
              .flatMap(Arrays::stream)
              .map(LabelNames::of)
              .collect(Collectors.<String, Set<String>>toCollection(LinkedHashSet::new)));

  /** The sentence of an error that lists the valid labels. */
  static final String VALID_LABELS =
      "Valid labels: stages "
          + LabelNames.all(Lifecycle.class)
          + "; types "
          + LabelNames.all(TestKind.class)
          + "; capabilities "
          + LabelNames.all(Capability.class)
          + "; and the @Tag names of your tests.";

  private final String source;
  private final PostDiscoveryFilter filter;
  private final Map<String, String> suspects;
  private final Set<String> otherWords;

  private LabelExpression(
      String source,
      PostDiscoveryFilter filter,
      Map<String, String> suspects,
      Set<String> otherWords) {
    this.source = source;
    this.filter = filter;
    this.suspects = suspects;
    this.otherWords = otherWords;
  }

  /**
   * Compiles {@code expression}.
   *
   * @throws ConfigurationException for a syntax error
   */
  static LabelExpression compile(String expression) {
    StringBuilder canonical = new StringBuilder();
    Map<String, String> suspects = new LinkedHashMap<>();
    Set<String> otherWords = new LinkedHashSet<>();
    Matcher matcher = WORD.matcher(expression);
    int end = 0;
    while (matcher.find()) {
      canonical.append(expression, end, matcher.start());
      String word = canonicalWord(matcher.group(), suspects);
      if (!word.equals("any()") && !word.equals("none()") && !TAXONOMY_LABELS.contains(word)) {
        otherWords.add(word);
      }
      canonical.append(word);
      end = matcher.end();
    }
    canonical.append(expression.substring(end));
    try {
      return new LabelExpression(
          expression,
          TagFilter.includeTags(canonical.toString()),
          Map.copyOf(suspects),
          Set.copyOf(otherWords));
    } catch (PreconditionViolationException e) {
      throw new ConfigurationException(
          "Invalid " + Constants.SELECT + "=" + expression + ": " + e.getMessage());
    }
  }

  private static String canonicalWord(String word, Map<String, String> suspects) {
    if (word.equals("any()") || word.equals("none()")) {
      return word;
    }
    String label = LabelNames.normalize(word);
    if (TAXONOMY_LABELS.contains(label)) {
      return label;
    }
    TAXONOMY_LABELS.stream()
        .filter(candidate -> EditDistance.between(candidate, label) <= 2)
        .min(Comparator.comparingInt(candidate -> EditDistance.between(candidate, label)))
        .ifPresent(near -> suspects.put(word, near));
    return word;
  }

  /**
   * An error for the first word that is close to a taxonomy name and is not a tag of any test in
   * {@code knownTags}: most likely a misspelt stage, type or capability.
   */
  Optional<ConfigurationException> misspelling(Set<String> knownTags) {
    return suspects.entrySet().stream()
        .filter(suspect -> !knownTags.contains(suspect.getKey()))
        .findFirst()
        .map(
            suspect ->
                new ConfigurationException(
                    "Invalid "
                        + Constants.SELECT
                        + "="
                        + source
                        + ": unknown label '"
                        + suspect.getKey()
                        + "' (did you mean '"
                        + suspect.getValue()
                        + "'?). "
                        + VALID_LABELS));
  }

  /**
   * The words of the expression that are neither a stage, type or capability name nor in {@code
   * knownTags}, in the order they appear: {@code cuda} in {@code nightly & cuda} when no test is
   * tagged {@code cuda}. Such a word matches no test, so it explains a selection that is empty.
   */
  List<String> unknownWords(Set<String> knownTags) {
    return otherWords.stream().filter(word -> !knownTags.contains(word)).toList();
  }

  /** Whether a test with these labels satisfies the expression. */
  boolean matches(Set<String> labels) {
    return filter.apply(new LabelsDescriptor(labels)).included();
  }

  @Override
  public String toString() {
    return source;
  }

  /** Carries labels as tags, so that JUnit's own tag filter can evaluate the expression. */
  private static final class LabelsDescriptor extends AbstractTestDescriptor {

    private final Set<TestTag> tags;

    LabelsDescriptor(Set<String> labels) {
      super(PROBE_ID, "labels");
      this.tags =
          labels.stream().filter(TestTag::isValid).map(TestTag::create).collect(Collectors.toSet());
    }

    @Override
    public Set<TestTag> getTags() {
      return tags;
    }

    @Override
    public Type getType() {
      return Type.TEST;
    }
  }
}

package ai.dynamo.test.engine.selection;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.affected.AffectedSelection;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.Classification;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.EmptySelection;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.Unclassified;
import ai.dynamo.test.engine.labels.ClassificationRules;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.TestLabels;
import ai.dynamo.test.engine.scheduling.ShardSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Applies {@code dynamo.stage}, {@code dynamo.type} and {@code dynamo.select} to a discovered test
 * tree: removes the tests that are not selected, and the classes left empty by that.
 *
 * <p>A test the request names one by one ({@link ExplicitSelection}: by method or unique id, as an
 * IDE runs the test under the cursor) stays whatever the selection, and the run says so.
 *
 * <p>A test is a descriptor with a {@link MethodSource}: a {@code @Test}, a
 * {@code @ParameterizedTest}, a {@code @TestFactory}. What such a test creates while it runs
 * belongs to its selection.
 */
@API(status = INTERNAL, since = "0.1")
public final class TestSelection {

  private final DynamoConfiguration configuration;
  private final SeenTests seen;
  private final ExplicitSelection explicit;
  private final Optional<ShardSpec> shard;
  private final Optional<AffectedSelection> affected;
  private Optional<LabelExpression> expression = Optional.empty();

  /**
   * A selection by {@code configuration}, whose verdicts count what the run's discoveries {@code
   * seen}; the tests of {@code explicit} stay in the run whatever the selection; {@code shard} is
   * the shard this run is, as the scheduling settings resolved it, if any.
   */
  public TestSelection(
      DynamoConfiguration configuration,
      SeenTests seen,
      ExplicitSelection explicit,
      Optional<ShardSpec> shard) {
    this(configuration, seen, explicit, shard, Optional.empty());
  }

  /**
   * As {@link #TestSelection(DynamoConfiguration, SeenTests, ExplicitSelection, Optional)}, and of
   * the tests the stage and type selection keeps, only those {@code affected} selects ({@code
   * dynamo.affected}).
   */
  public TestSelection(
      DynamoConfiguration configuration,
      SeenTests seen,
      ExplicitSelection explicit,
      Optional<ShardSpec> shard,
      Optional<AffectedSelection> affected) {
    this.configuration = configuration;
    this.seen = seen;
    this.explicit = explicit;
    this.shard = shard;
    this.affected = affected;
  }

  /** The selection of {@code dynamo.affected}, when set. */
  public Optional<AffectedSelection> affected() {
    return affected;
  }

  /**
   * Prunes {@code root}. Under {@code dynamo.classification=strict} unclassified tests stay in the
   * tree whatever the selection, so that a run that discovers classes one at a time (as Surefire's
   * scan does) still sees them, and {@link #verdict} fails it.
   */
  public SelectionReport apply(TestDescriptor root) {
    Map<TestDescriptor, TestLabels> tests = new LinkedHashMap<>();
    Map<String, String> classifiedBy = new LinkedHashMap<>();
    collect(root, tests, classifiedBy);
    expression = configuration.select().map(LabelExpression::compile);

    Map<String, TestLabels> discovered = new LinkedHashMap<>();
    Map<String, TestLabels> unclassified = new LinkedHashMap<>();
    List<String> selected = new ArrayList<>();
    List<String> explicitlySelected = new ArrayList<>();
    Map<String, String> selectedBecause = new LinkedHashMap<>();
    Map<String, String> excludedBecause = new LinkedHashMap<>();
    List<TestDescriptor> removed = new ArrayList<>();
    tests.forEach(
        (descriptor, labels) -> {
          String name = nameOf(descriptor);
          discovered.put(name, labels);
          seen.add(name, labels);
          if (labels.isUnclassified()) {
            unclassified.put(name, labels);
          }
          MethodSource source = (MethodSource) descriptor.getSource().orElseThrow();
          Optional<AffectedSelection.Decision> decision =
              isSelected(labels)
                  ? Optional.of(
                      affected
                          .map(a -> a.decide(source.getJavaClass(), source.getJavaMethod(), labels))
                          .orElse(SELECTED))
                  : Optional.empty();
          if (decision.filter(AffectedSelection.Decision::selected).isPresent()) {
            selected.add(name);
            if (affected.isPresent()) {
              selectedBecause.put(name, decision.get().reason());
            }
          } else if (explicit.names(descriptor, source)) {
            selected.add(name);
            explicitlySelected.add(name);
          } else {
            decision.ifPresent(d -> excludedBecause.put(name, d.reason()));
            removed.add(descriptor);
          }
        });
    removed.forEach(TestSelection::removeWithEmptyAncestors);

    return new SelectionReport(
        Collections.unmodifiableMap(discovered),
        List.copyOf(selected),
        Collections.unmodifiableMap(unclassified),
        configuration.hasSelection()
            && configuration.unclassified() == Unclassified.EXCLUDE
            && configuration.classification() != Classification.STRICT,
        Collections.unmodifiableMap(classifiedBy),
        List.copyOf(explicitlySelected),
        Collections.unmodifiableMap(selectedBecause),
        Collections.unmodifiableMap(excludedBecause));
  }

  /** What a test the stage and type selection keeps gets without {@code dynamo.affected}. */
  private static final AffectedSelection.Decision SELECTED =
      new AffectedSelection.Decision(true, AffectedSelection.Category.MAPPED, "");

  private boolean isSelected(TestLabels labels) {
    if (!configuration.hasSelection()) {
      return true;
    }
    if (labels.isUnclassified() && configuration.classification() == Classification.STRICT) {
      return true;
    }
    if (labels.isUnclassified() && configuration.unclassified() == Unclassified.EXCLUDE) {
      return false;
    }
    // An unclassified test that is included is judged only on what it declares.
    Set<Lifecycle> stages = configuration.stages();
    if (!stages.isEmpty()
        && !labels.stages().isEmpty()
        && labels.stages().stream().noneMatch(stages::contains)) {
      return false;
    }
    if (!configuration.kinds().isEmpty()
        && labels.kind().isPresent()
        && !configuration.kinds().contains(labels.kind().get())) {
      return false;
    }
    return expression.map(e -> e.matches(labels.names())).orElse(true);
  }

  /**
   * Whether the run may go ahead with what {@link #apply} left: an error when the selection matches
   * no test under {@code dynamo.empty=fail}, or when unclassified tests exist under {@code
   * dynamo.classification=strict}. Asked when the run executes, not at discovery, because build
   * tools discover each class alone before the run to find the classes with tests.
   */
  public Optional<ConfigurationException> verdict(SelectionReport report) {
    Optional<ConfigurationException> misspelling =
        expression.flatMap(e -> e.misspelling(seen.tags()));
    if (misspelling.isPresent()) {
      return misspelling;
    }
    if (configuration.classification() == Classification.STRICT
        && !report.unclassified().isEmpty()) {
      return Optional.of(
          new ConfigurationException(
              report.unclassified().size()
                  + " unclassified test"
                  + (report.unclassified().size() == 1 ? "" : "s")
                  + " under "
                  + Constants.CLASSIFICATION
                  + "=strict; give each a @Stage and a @TestType:"
                  + listing(report.unclassified())));
    }
    if (configuration.hasSelection()
        && report.selected().isEmpty()
        && report.excludedBecause().isEmpty()
        && configuration.empty() == EmptySelection.FAIL
        && !isEmptyShard(report)) {
      // Build tools may hand a run whose selection matches nothing no class at all.
      Map<String, TestLabels> counted =
          report.discovered().isEmpty() ? Map.copyOf(seen.tests()) : report.discovered();
      String matchesNone =
          "The selection "
              + configuration.describeSelection()
              + " matches none of the "
              + counted.size()
              + (report.discovered().isEmpty() ? " tests discovered" : " tests of this run");
      long unclassified = counted.values().stream().filter(TestLabels::isUnclassified).count();
      if (report.unclassifiedExcluded() && unclassified > 0 && unclassified * 2 >= counted.size()) {
        // Mostly unclassified tests: allowing an empty run would hide the cause, that the tests
        // are there but have no stage or type.
        return Optional.of(
            new ConfigurationException(
                matchesNone
                    + census(counted)
                    + ": "
                    + unclassified
                    + " of them "
                    + (unclassified == 1 ? "is" : "are")
                    + " unclassified (no @Stage or no @TestType), and unclassified tests do not"
                    + " run under a selection. Give them @Stage and @TestType, classify them by"
                    + " class-name pattern with "
                    + Constants.CLASSIFICATION_RULES
                    + ", or run them anyway with "
                    + Constants.UNCLASSIFIED
                    + "=include; they are listed in "
                    + DiscoveryConsole.UNCLASSIFIED_FILE
                    + " in the reports directory."));
      }
      return Optional.of(
          new ConfigurationException(
              matchesNone
                  + census(counted)
                  + "."
                  + unknownWords()
                  + " Check the names, or set "
                  + Constants.EMPTY
                  + "=allow if an empty run is expected."));
    }
    return Optional.empty();
  }

  /** Names the words of {@code dynamo.select} that no test carries, for an empty selection. */
  private String unknownWords() {
    List<String> unknown = expression.map(e -> e.unknownWords(seen.tags())).orElse(List.of());
    if (unknown.isEmpty()) {
      return "";
    }
    return " "
        + unknown.stream().map(word -> "'" + word + "'").collect(Collectors.joining(", "))
        + (unknown.size() == 1 ? " is" : " are")
        + " not a stage, type or capability, nor a @Tag of any test. "
        + LabelExpression.VALID_LABELS;
  }

  /**
   * Whether this run is a shard that was handed no class although the selection matches tests this
   * JVM discovered: the build tool's scan found that every selected class falls in another shard.
   * With more shards than classes that is expected, so it is no error; it is said in one line.
   */
  private boolean isEmptyShard(SelectionReport report) {
    if (shard.isEmpty() || !report.discovered().isEmpty()) {
      return false;
    }
    long selectedElsewhere = seen.tests().values().stream().filter(this::isSelected).count();
    if (selectedElsewhere == 0) {
      return false;
    }
    System.out.println(
        "[dynamo] "
            + shard.get().describe()
            + ": no class of this shard has a selected test ("
            + selectedElsewhere
            + " selected test"
            + (selectedElsewhere == 1 ? " is" : "s are")
            + " in other shards); nothing to run.");
    return true;
  }

  private static String census(Map<String, TestLabels> tests) {
    if (tests.isEmpty()) {
      return "";
    }
    Map<String, Long> byStage = new TreeMap<>();
    for (TestLabels labels : tests.values()) {
      if (labels.stages().isEmpty()) {
        byStage.merge("(no stage)", 1L, Long::sum);
      }
      labels.stages().forEach(stage -> byStage.merge(LabelNames.of(stage), 1L, Long::sum));
    }
    return " (by stage: "
        + byStage.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "))
        + ")";
  }

  /** How many tests an error message names before pointing at the file that lists them all. */
  static final int LISTED = 20;

  static String listing(Map<String, TestLabels> tests) {
    String named =
        tests.entrySet().stream()
            .limit(LISTED)
            .map(e -> "\n  - " + e.getKey() + " (missing " + e.getValue().missing() + ")")
            .collect(Collectors.joining());
    return tests.size() <= LISTED
        ? named
        : named
            + "\n  ... and "
            + (tests.size() - LISTED)
            + " more, all listed in "
            + DiscoveryConsole.UNCLASSIFIED_FILE
            + " in the reports directory";
  }

  /**
   * Every test under {@code descriptor} with its labels, completed by the classification rules; and
   * into {@code classifiedBy}, the pattern of the rule that classified a test, where one did.
   */
  private void collect(
      TestDescriptor descriptor,
      Map<TestDescriptor, TestLabels> tests,
      Map<String, String> classifiedBy) {
    if (descriptor.getSource().orElse(null) instanceof MethodSource source) {
      Set<String> tags =
          descriptor.getTags().stream().map(TestTag::getName).collect(Collectors.toSet());
      ClassificationRules.Classified classified =
          configuration
              .classificationRules()
              .classify(
                  source.getJavaClass(),
                  LabelResolver.forMethod(source.getJavaClass(), source.getJavaMethod(), tags));
      classified.byRule().ifPresent(pattern -> classifiedBy.put(nameOf(descriptor), pattern));
      tests.put(descriptor, classified.labels());
      return;
    }
    for (TestDescriptor child : List.copyOf(descriptor.getChildren())) {
      collect(child, tests, classifiedBy);
    }
  }

  private static String nameOf(TestDescriptor descriptor) {
    MethodSource source = (MethodSource) descriptor.getSource().orElseThrow();
    return LabelResolver.describe(source.getJavaClass(), source.getJavaMethod());
  }

  private static void removeWithEmptyAncestors(TestDescriptor descriptor) {
    Optional<TestDescriptor> parent = descriptor.getParent();
    descriptor.removeFromHierarchy();
    while (parent.isPresent() && parent.get().getChildren().isEmpty() && !parent.get().isRoot()) {
      TestDescriptor empty = parent.get();
      parent = empty.getParent();
      empty.removeFromHierarchy();
    }
  }
}

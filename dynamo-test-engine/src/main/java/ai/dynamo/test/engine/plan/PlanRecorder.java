package ai.dynamo.test.engine.plan;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.catalog.Citations;
import ai.dynamo.test.engine.catalog.DocSections;
import ai.dynamo.test.engine.catalog.FeatureCatalog;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.CitationPolicy;
import ai.dynamo.test.engine.history.DurationHistory;
import ai.dynamo.test.engine.history.HistorySettings;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.RequirementSpec;
import ai.dynamo.test.engine.labels.TestLabels;
import ai.dynamo.test.engine.requirements.HostProbe;
import ai.dynamo.test.engine.requirements.RequirementsCheck;
import ai.dynamo.test.engine.scheduling.DurationEstimator;
import ai.dynamo.test.engine.selection.SelectionReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Records the run's plan at discovery: every discovered test with its labels and citations, and
 * whether selection kept it. Created before selection prunes the tree, so that it still sees the
 * tests selection removes.
 *
 * <p>The plan is kept in memory, the newest of its run, and {@link
 * ai.dynamo.test.engine.report.RunSummaryListener} writes it as {@code plan.json} with the
 * summaries when a run executes: build tools discover each class alone before a run (Surefire's
 * scan, which does not even pass the run's configuration parameters), and those discoveries must
 * not overwrite the reports of real runs.
 *
 * <pre>{@code
 * PlanRecorder plan = PlanRecorder.before(configuration, root);
 * SelectionReport report =
 *     new TestSelection(configuration, run.seen(), explicit, scheduling.shard()).apply(root);
 * plan.record(report);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class PlanRecorder {

  private final DynamoConfiguration configuration;
  private final Map<String, MethodSource> sources = new LinkedHashMap<>();

  private PlanRecorder(DynamoConfiguration configuration) {
    this.configuration = configuration;
  }

  /** Notes every test of {@code root}, before selection removes any. */
  public static PlanRecorder before(DynamoConfiguration configuration, TestDescriptor root) {
    PlanRecorder recorder = new PlanRecorder(configuration);
    recorder.collect(root);
    return recorder;
  }

  /**
   * Records the plan for what {@code report} says selection did, and returns it; the engine keeps
   * it as its run's newest. In a dry run the host is probed and each selected test's unmet
   * requirements are noted.
   *
   * @throws ConfigurationException when a test cites an unknown feature or doc section under {@code
   *     dynamo.citations=strict}, or the catalog or docs directory does not exist
   */
  public Plan record(SelectionReport report) {
    Map<String, String> catalog =
        configuration
            .get(Constants.FEATURES_CATALOG)
            .map(Path::of)
            .map(FeatureCatalog::load)
            .orElse(null);
    List<String> docSections =
        configuration.get(Constants.DOCS_DIR).map(Path::of).map(DocSections::scan).orElse(null);
    RequirementsCheck host =
        configuration.dryRun() ? new RequirementsCheck(HostProbe.of(configuration)) : null;
    Set<String> selected = new HashSet<>(report.selected());
    DurationHistory history = history();
    List<Plan.PlannedTest> tests = new ArrayList<>();
    report
        .discovered()
        .forEach(
            (name, labels) -> {
              MethodSource source = sources.get(name);
              boolean isSelected = selected.contains(name);
              Optional<Long> recorded =
                  isSelected
                      ? history.ofTest(name).map(DurationHistory.Stats::meanMillis)
                      : Optional.empty();
              tests.add(
                  new Plan.PlannedTest(
                      name,
                      source == null ? name.replaceFirst("#.*", "") : source.getClassName(),
                      labels.stages().stream().map(LabelNames::of).toList(),
                      labels.kind().map(LabelNames::of).orElse(null),
                      requirements(labels.requirements()),
                      labels.tags().stream().sorted().toList(),
                      source == null
                          ? List.of()
                          : Citations.features(source.getJavaClass(), source.getJavaMethod()),
                      source == null
                          ? List.of()
                          : Citations.tutorials(source.getJavaClass(), source.getJavaMethod()),
                      isSelected,
                      isSelected ? null : exclusion(name, labels, report),
                      host != null && isSelected ? host.unmet(labels.requirements()) : null,
                      isSelected
                          ? recorded.orElseGet(() -> DurationEstimator.guess(labels.kind()))
                          : null,
                      isSelected
                          ? (recorded.isPresent()
                              ? Plan.PlannedTest.FROM_HISTORY
                              : Plan.PlannedTest.FROM_TYPE)
                          : null,
                      report.classifiedBy().get(name),
                      null,
                      isSelected ? report.selectedBecause().get(name) : null));
            });
    checkCitations(tests, catalog, docSections);
    Plan plan =
        new Plan(
            Plan.SCHEMA_VERSION,
            Instant.now().toString(),
            configuration.describeSelection(),
            configuration.dryRun(),
            tests,
            catalog,
            docSections);
    return plan;
  }

  /**
   * The duration history the scheduler plans from, for the tests' expected durations; empty under
   * {@code dynamo.history=off}. The store caches what it read, so the scheduler's read is free.
   */
  private DurationHistory history() {
    Optional<Class<?>> anchor =
        sources.values().stream().findFirst().map(source -> source.getJavaClass());
    return HistorySettings.store(configuration::get, anchor)
        .map(HistoryStore::readAll)
        .orElse(DurationHistory.empty());
  }

  private String exclusion(String name, TestLabels labels, SelectionReport report) {
    String notAffected = report.excludedBecause().get(name);
    if (notAffected != null) {
      return notAffected;
    }
    if (labels.isUnclassified() && report.unclassifiedExcluded()) {
      return "unclassified (missing "
          + labels.missing()
          + "), not run under a selection; "
          + Constants.UNCLASSIFIED
          + "=include runs it";
    }
    return "not selected by " + configuration.describeSelection();
  }

  /** The needs of {@code spec}, one entry per need ({@code docker}, {@code gpu×2}). */
  public static List<String> requirements(RequirementSpec spec) {
    return spec.isEmpty() ? List.of() : List.of(spec.describe().split(", "));
  }

  private void checkCitations(
      List<Plan.PlannedTest> tests, Map<String, String> catalog, List<String> docSections) {
    if (configuration.citations() != CitationPolicy.STRICT) {
      return;
    }
    Map<String, List<String>> unknown = new TreeMap<>();
    for (Plan.PlannedTest test : tests) {
      if (catalog != null) {
        test.features().stream()
            .filter(feature -> !catalog.containsKey(feature))
            .forEach(
                f ->
                    unknown
                        .computeIfAbsent("feature '" + f + "'", k -> new ArrayList<>())
                        .add(test.name()));
      }
      if (docSections != null) {
        test.tutorials().stream()
            .filter(link -> !docSections.contains(link))
            .forEach(
                link ->
                    unknown
                        .computeIfAbsent("doc section '" + link + "'", k -> new ArrayList<>())
                        .add(test.name()));
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "Tests cite "
              + unknown.size()
              + " unknown feature(s) or doc section(s) under "
              + Constants.CITATIONS
              + "=strict; add them to "
              + Constants.FEATURES_CATALOG
              + " or the docs under "
              + Constants.DOCS_DIR
              + ", or fix the citation:"
              + unknown.entrySet().stream()
                  .map(e -> "\n  - " + e.getKey() + ", cited by " + String.join(", ", e.getValue()))
                  .collect(Collectors.joining()));
    }
  }

  private void collect(TestDescriptor descriptor) {
    if (descriptor.getSource().orElse(null) instanceof MethodSource source) {
      sources.putIfAbsent(
          LabelResolver.describe(source.getJavaClass(), source.getJavaMethod()), source);
      return;
    }
    for (TestDescriptor child : List.copyOf(descriptor.getChildren())) {
      collect(child);
    }
  }
}

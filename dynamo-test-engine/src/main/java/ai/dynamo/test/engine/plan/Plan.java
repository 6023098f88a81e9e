package ai.dynamo.test.engine.plan;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What a run discovered and selected, as {@code plan.json} in the reports directory holds it. The
 * engine writes it at discovery; the run summary, a dry run and the strategy document read it.
 * Documented by {@code docs/schemas/plan.schema.json}.
 *
 * @param schemaVersion the version of this format, {@value #SCHEMA_VERSION}
 * @param discoveredAt when discovery ended, ISO-8601
 * @param selection the selection as the user wrote it ({@code dynamo.stage=nightly}), or empty
 * @param dryRun whether the run only plans
 * @param tests every discovered test, selected or not, in discovery order
 * @param featureCatalog the feature catalog, name to description; {@code null} when none is set
 * @param docSections every page and section under the docs directory ({@code docs/a.md}, {@code
 *     docs/a.md#usage}); {@code null} when no docs directory is set
 */
@API(status = INTERNAL, since = "0.1")
public record Plan(
    int schemaVersion,
    String discoveredAt,
    String selection,
    boolean dryRun,
    List<PlannedTest> tests,
    Map<String, String> featureCatalog,
    List<String> docSections) {

  static final int SCHEMA_VERSION = 1;

  /**
   * One discovered test.
   *
   * @param name {@code com.example.FooTest#bar()}
   * @param className the test class
   * @param stages the stage labels, empty when unclassified
   * @param type the kind label, {@code null} when unclassified
   * @param requirements what it requires, one entry per need ({@code docker}, {@code gpu×2})
   * @param tags its plain {@code @Tag}s
   * @param features the features it covers ({@code @Feature})
   * @param tutorials the docs it covers ({@code @Tutorial})
   * @param selected whether it stays in the run
   * @param excludedBecause why not, when not selected
   * @param unmetRequirements in a dry run, what the host lacks for it; otherwise {@code null}
   * @param expectedMillis how long it is expected to take, when selected: the mean of its recorded
   *     runs in the duration history, else a guess by its {@code @TestType}; otherwise {@code null}
   * @param expectedFrom where {@code expectedMillis} comes from: {@value #FROM_HISTORY} or {@value
   *     #FROM_TYPE}; {@code null} when not selected
   * @param classifiedBy the pattern of the classification rule ({@code
   *     dynamo.classification.rules}) that gave the test the stage or type it does not declare;
   *     {@code null} when none did, and for a test of another runner the pattern of the name rule
   *     that did
   * @param runner the runner of a test merged from another runner's JUnit XML ({@code pytest},
   *     {@code nextest}); {@code null} for a test of this engine
   * @param selectedBecause under {@code dynamo.affected}, why the selected test runs: {@code
   *     mapped: reached ...}, {@code unmapped: ...}, {@code stale: ...}, {@code own-source: ...},
   *     {@code rule:<glob> (<file>)}, {@code out-of-jvm: ...} or {@code fallback: ...}; otherwise
   *     {@code null}
   */
  public record PlannedTest(
      String name,
      String className,
      List<String> stages,
      String type,
      List<String> requirements,
      List<String> tags,
      List<String> features,
      List<String> tutorials,
      boolean selected,
      String excludedBecause,
      List<String> unmetRequirements,
      Long expectedMillis,
      String expectedFrom,
      String classifiedBy,
      String runner,
      String selectedBecause) {

    /** {@link #expectedFrom()} of a duration measured by earlier runs. */
    public static final String FROM_HISTORY = "history";

    /** {@link #expectedFrom()} of a duration guessed from the test's type. */
    public static final String FROM_TYPE = "type";
  }
}

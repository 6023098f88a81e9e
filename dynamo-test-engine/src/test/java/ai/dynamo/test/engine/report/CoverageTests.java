package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.report.ReportTestSupport.launch;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.DynamoTestEngine;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.fixtures.ReportFixtures.NightlyEndToEnd;
import ai.dynamo.test.engine.fixtures.ReportFixtures.PassFailSkip;
import ai.dynamo.test.engine.report.Summary.CoverageItem;
import ai.dynamo.test.engine.report.Summary.CoveringTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Feature and documentation coverage from {@code @Feature} and {@code @Tutorial}. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("feature-coverage")
@Feature("doc-coverage")
@Tutorial("docs/reports.md#say-which-features-a-test-covers")
@Tutorial("docs/reports.md#link-a-test-to-the-docs-it-proves")
class CoverageTests {

  private static final String PASS_FAIL_SKIP = PassFailSkip.class.getName();
  private static final String NIGHTLY = NightlyEndToEnd.class.getName();

  @TempDir Path project;
  private Map<String, String> parameters;

  @BeforeEach
  void writeACatalogAndDocs() throws IOException {
    Path catalog = project.resolve("features.properties");
    Files.writeString(
        catalog,
        "parsing=Requests are parsed into tokens.\nrouting=Requests go to the best worker.\n");
    Path docs = Files.createDirectories(project.resolve("docs"));
    Files.writeString(
        docs.resolve("guide.md"),
        "# Guide\n\n## Install\n\n```sh\n# not a heading\n```\n\n## Upgrade\n");
    parameters = new HashMap<>();
    parameters.put("dynamo.features.catalog", catalog.toString());
    parameters.put("dynamo.docs.dir", docs.toString());
    parameters.put("dynamo.stage", "pre-merge");
  }

  private Summary run() {
    Path reports = project.resolve("reports");
    launch(reports, parameters, PassFailSkip.class, NightlyEndToEnd.class);
    return ReportJson.read(read(reports.resolve("summary.json")), Summary.class);
  }

  @Test
  void showsWhichTestsCoverEachFeatureInWhichStagesAndWhichFeaturesNoTestCovers() {
    Summary.Coverage features = run().features();

    assertThat(features.measured()).isTrue();
    CoverageItem parsing = features.items().get(0);
    assertThat(parsing.name()).isEqualTo("parsing");
    assertThat(parsing.description()).isEqualTo("Requests are parsed into tokens.");
    assertThat(parsing.stages()).containsExactly("pre-merge");
    assertThat(parsing.tests())
        .contains(
            new CoveringTest(PASS_FAIL_SKIP + "#fails()", "failed"),
            new CoveringTest(PASS_FAIL_SKIP + "#needsAMissingCommand()", "skipped"))
        .hasSize(4);
    assertThat(features.uncovered()).containsExactly("routing");
    assertThat(features.unknown())
        .containsExactly(
            new Summary.Unknown(
                "no-such-feature", java.util.List.of(PASS_FAIL_SKIP + "#citesAnUnknownFeature()")));
  }

  @Test
  void listsEveryDocSectionWithItsTestsAndTheSectionsNoTestCovers() {
    Summary.Coverage docs = run().docs();

    assertThat(docs.items())
        .extracting(CoverageItem::name)
        .containsExactly("docs/guide.md", "docs/guide.md#install", "docs/guide.md#upgrade");
    assertThat(docs.items().get(1).tests())
        .containsExactly(
            new CoveringTest(PASS_FAIL_SKIP + "#citesAnUnknownFeature()", "passed"),
            new CoveringTest(NIGHTLY + "#runsAtNight()", SummaryBuilder.NOT_RUN));
    assertThat(docs.items().get(1).stages()).containsExactly("pre-merge", "nightly");
    assertThat(docs.uncovered()).containsExactly("docs/guide.md#upgrade");
    assertThat(docs.unknown()).isEmpty();
  }

  @Test
  void stopsAtDiscoveryUnderStrictCoverageWhenATestCitesAnUnknownFeature() {
    parameters.put("dynamo.citations", "strict");
    parameters.put("dynamo.reports.dir", project.resolve("reports").toString());

    assertThatThrownBy(
            () ->
                EngineTestKit.engine(DynamoTestEngine.ENGINE_ID)
                    .selectors(selectClass(PassFailSkip.class))
                    .configurationParameters(parameters)
                    .execute())
        .rootCause()
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dynamo.citations=strict")
        .hasMessageContaining(
            "feature 'no-such-feature', cited by " + PASS_FAIL_SKIP + "#citesAnUnknownFeature()");
  }

  @Test
  void namesTheCatalogFileWhenItDoesNotExist() {
    parameters.put("dynamo.features.catalog", project.resolve("missing.properties").toString());
    parameters.put("dynamo.reports.dir", project.resolve("reports").toString());

    assertThatThrownBy(
            () ->
                EngineTestKit.engine(DynamoTestEngine.ENGINE_ID)
                    .selectors(selectClass(PassFailSkip.class))
                    .configurationParameters(parameters)
                    .execute())
        .rootCause()
        .hasMessageContaining("Invalid dynamo.features.catalog=")
        .hasMessageContaining("missing.properties: no such file");
  }
}

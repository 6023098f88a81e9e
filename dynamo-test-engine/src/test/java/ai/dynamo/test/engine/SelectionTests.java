package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.EngineTestSupport.discoveryError;
import static ai.dynamo.test.engine.EngineTestSupport.runError;
import static ai.dynamo.test.engine.EngineTestSupport.runInOneSession;
import static ai.dynamo.test.engine.EngineTestSupport.selected;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.ComposedOnMethod;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.FastUnit;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.InheritsFromBase;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.MixedStages;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.Outer;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.StageOnly;
import ai.dynamo.test.engine.fixtures.SelectionFixtures.Unclassified;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@Stage(PRE_MERGE)
@TestType(UNIT)
@Feature("stage-selection")
@Feature("type-selection")
@Feature("label-expressions")
@Feature("unclassified-tests")
class SelectionTests {

  private static final Class<?>[] ALL = {
    FastUnit.class,
    MixedStages.class,
    ComposedOnMethod.class,
    InheritsFromBase.class,
    Outer.class,
    Unclassified.class,
    StageOnly.class
  };

  /**
   * Runs with the Docker probe pointed at a socket that does not exist, so that the fixture that
   * requires Docker is skipped whatever the host has.
   */
  private static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
    Map<String, String> pinned = new HashMap<>(parameters);
    pinned.put("dynamo.requirements.docker-host", "unix:///nonexistent/docker.sock");
    return EngineTestSupport.run(pinned, classes);
  }

  @Test
  void runsEveryTestWhenNothingIsSelected() {
    EngineExecutionResults results = run(Map.of(), ALL);

    assertThat(selected(results))
        .containsExactly(
            "composed",
            "inPreMergeFromTheClass",
            "inherited",
            "nestedNightly",
            "nestedTest",
            "nightlyEndToEnd",
            "noStageNoType",
            "noType",
            "onlyAtNightOverridingTheClass",
            "outerTest",
            "parses",
            "parsesTheCorpus");
    assertThat(results.testEvents().started().count()).isEqualTo(13);
    assertThat(results.testEvents().skipped().count()).isEqualTo(1);
  }

  @Test
  void selectsOneStageWithMethodsOverridingTheirClass() {
    EngineExecutionResults results = run(Map.of("dynamo.stage", "pre-merge"), ALL);

    assertThat(selected(results))
        .containsExactly(
            "inPreMergeFromTheClass", "nestedTest", "outerTest", "parses", "parsesTheCorpus");
  }

  @Test
  void selectsSeveralStagesWrittenAnyWay() {
    EngineExecutionResults results = run(Map.of("dynamo.stage", " PRE_COMMIT , Nightly"), ALL);

    assertThat(selected(results))
        .containsExactly(
            "composed",
            "inherited",
            "nestedNightly",
            "nightlyEndToEnd",
            "onlyAtNightOverridingTheClass",
            "parses",
            "parsesTheCorpus");
  }

  @Test
  void inheritsFromSuperclassesEnclosingClassesAndMetaAnnotations() {
    EngineExecutionResults results = run(Map.of("dynamo.stage", "nightly"), ALL);

    assertThat(selected(results))
        .contains("composed", "inherited", "nestedNightly")
        .doesNotContain("nestedTest", "outerTest");
  }

  @Test
  void appliesAComposedAnnotationOnAClassToEveryMethodUnlessAMethodOverridesIt() {
    Class<?> composed = SelectionFixtures.ComposedOnClass.class;

    assertThat(selected(run(Map.of("dynamo.stage", "nightly"), composed)))
        .containsExactly("composedClass");
    assertThat(selected(run(Map.of("dynamo.stage", "pre-merge"), composed)))
        .containsExactly("composedClassMethodInPreMerge");
    assertThat(selected(run(Map.of("dynamo.select", "e2e & linux"), composed)))
        .containsExactly("composedClass", "composedClassMethodInPreMerge");
  }

  @Test
  void selectsByKind() {
    EngineExecutionResults results = run(Map.of("dynamo.type", "e2e"), ALL);

    assertThat(selected(results)).containsExactly("composed", "inherited", "nightlyEndToEnd");
  }

  @Test
  void selectsByExpressionOverStagesKindsCapabilitiesAndTags() {
    assertThat(selected(run(Map.of("dynamo.select", "nightly & e2e & !docker"), ALL)))
        .containsExactly("inherited", "nightlyEndToEnd");
    assertThat(selected(run(Map.of("dynamo.select", "slow | DOCKER"), ALL)))
        .containsExactly("composed", "parsesTheCorpus");
  }

  @Test
  void combinesStageTypeAndExpression() {
    EngineExecutionResults results =
        run(
            Map.of("dynamo.stage", "pre-merge", "dynamo.type", "unit", "dynamo.select", "!slow"),
            ALL);

    assertThat(selected(results)).containsExactly("nestedTest", "outerTest", "parses");
  }

  @Test
  void keepsTheInvocationsOfSelectedParameterizedTests() {
    EngineExecutionResults results = run(Map.of("dynamo.type", "e2e"), MixedStages.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
  }

  @Test
  void excludesUnclassifiedTestsWhenAStageIsSelected() {
    EngineExecutionResults results = run(Map.of("dynamo.stage", "pre-merge"), ALL);

    assertThat(selected(results)).doesNotContain("noStageNoType", "noType");
  }

  @Test
  void includesUnclassifiedTestsOnRequest() {
    EngineExecutionResults results =
        run(Map.of("dynamo.stage", "pre-merge", "dynamo.unclassified", "include"), ALL);

    assertThat(selected(results))
        .contains("noStageNoType", "noType", "outerTest")
        .doesNotContain("composed");
  }

  @Test
  void runsEachTestExactlyOnce() {
    SelectionFixtures.EXECUTIONS.set(0);

    EngineExecutionResults results = run(Map.of(), ALL);

    assertThat(SelectionFixtures.EXECUTIONS.get())
        .isEqualTo(results.testEvents().started().count())
        .isEqualTo(13);
  }

  @Test
  void failsOnAnUnknownStageListingTheValidOnes() {
    assertThat(discoveryError(Map.of("dynamo.stage", "pre-merge,nigthly"), ALL))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid dynamo.stage=pre-merge,nigthly: unknown stage 'nigthly'. Valid stages:"
                + " pre-commit, pre-merge, post-merge, nightly, weekly, qa, pre-release.");
  }

  @Test
  void failsOnAnUnknownKindListingTheValidOnes() {
    assertThat(discoveryError(Map.of("dynamo.type", "e2e,smoke"), ALL))
        .hasMessage(
            "Invalid dynamo.type=e2e,smoke: unknown test type 'smoke'. Valid test types: unit,"
                + " integration, e2e, performance, stress, continuous-operation.");
  }

  @Test
  void failsOnAMisspeltLabelInTheExpression() {
    assertThat(runError(Map.of("dynamo.select", "nigthly & !gpu"), ALL))
        .hasMessageStartingWith(
            "Invalid dynamo.select=nigthly & !gpu: unknown label 'nigthly' (did you mean"
                + " 'nightly'?).")
        .hasMessageContaining(
            "capabilities gpu, docker, kubernetes, network, linux, macos, windows");
  }

  @Test
  void takesAWordCloseToATaxonomyNameForATagWhenATestHasThatTag() {
    // "gpus" is one edit from the capability "gpu", but here it is a real tag.
    assertThat(selected(run(Map.of("dynamo.select", "gpus"), SelectionFixtures.TaggedGpus.class)))
        .containsExactly("taggedGpus");
  }

  @Test
  void acceptsTagsThatAreNotTaxonomyNames() {
    assertThat(selected(run(Map.of("dynamo.select", "slow", "dynamo.stage", "pre-merge"), ALL)))
        .containsExactly("parsesTheCorpus");
  }

  @Test
  void failsOnAnExpressionThatDoesNotParse() {
    assertThat(discoveryError(Map.of("dynamo.select", "nightly & (e2e"), ALL))
        .hasMessageStartingWith("Invalid dynamo.select=nightly & (e2e: ");
  }

  @Test
  void failsOnAnUnknownParameterListingTheValidOnes() {
    assertThat(discoveryError(Map.of("dynamo.stgae", "nightly"), ALL))
        .hasMessageStartingWith(
            "Unknown configuration parameter dynamo.stgae (did you mean dynamo.stage?). Valid"
                + " parameters: ")
        .hasMessageContaining("dynamo.stage");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dynamo.unclassified        | maybe | exclude, include (default: exclude)",
        "dynamo.empty               | maybe | fail, allow (default: fail)",
        "dynamo.classification      | maybe | report, strict (default: report)",
        "dynamo.requirements.missing | maybe | skip, fail (default: skip)"
      })
  void failsOnAnUnknownPolicyValueListingTheValidOnes(String key, String value, String valid) {
    assertThat(discoveryError(Map.of(key, value), ALL))
        .hasMessage("Invalid " + key + "=" + value + ". Valid values: " + valid + ".");
  }

  @Test
  void namesTheWordsOfAnEmptyExpressionThatAreNeitherTaxonomyNamesNorTags() {
    // "cuda" is far from every capability name, so it can only be told apart from a tag here.
    assertThat(runError(Map.of("dynamo.select", "nightly & cuda"), ALL))
        .hasMessageStartingWith("The selection dynamo.select=nightly & cuda matches none of the ")
        .hasMessageContaining(
            " 'cuda' is not a stage, type or capability, nor a @Tag of any test. Valid labels:"
                + " stages pre-commit, pre-merge, post-merge, nightly, weekly, qa, pre-release;"
                + " types unit, integration, e2e, performance, stress, continuous-operation;"
                + " capabilities gpu, docker, kubernetes, network, linux, macos, windows; and the"
                + " @Tag names of your tests.")
        .hasMessageEndingWith("or set dynamo.empty=allow if an empty run is expected.");
  }

  @Test
  void failsWhenTheSelectionMatchesNoTest() {
    assertThat(runError(Map.of("dynamo.stage", "weekly"), ALL))
        .hasMessage(
            "The selection dynamo.stage=weekly matches none of the 12 tests of this run (by"
                + " stage: (no stage) 1, nightly 5, pre-commit 2, pre-merge 6). Check the names,"
                + " or set dynamo.empty=allow if an empty run is expected.");
  }

  @Test
  void keepsUnclassifiedTestsUnderStrictSoThatAClassDiscoveredAloneStillFails() {
    assertThat(
            runError(
                Map.of("dynamo.classification", "strict", "dynamo.stage", "nightly"),
                Unclassified.class))
        .hasMessageStartingWith("1 unclassified test under dynamo.classification=strict");
  }

  @Test
  void countsTheTestsSeenEarlierWhenTheBuildToolHandsTheRunNoClass() {
    // Surefire discovers each class alone first and then runs only those with selected tests.
    assertThat(
            runInOneSession(
                    Map.of(),
                    List.of(SelectionFixtures.FastUnit.class),
                    Map.of("dynamo.stage", "weekly"))
                .orElseThrow())
        .hasMessageContaining("tests discovered (by stage: ")
        .hasMessageContaining("pre-commit ")
        .hasMessageEndingWith("or set dynamo.empty=allow if an empty run is expected.");
  }

  @Test
  void aShardHandedNoClassPassesWhenTheSelectedTestsFellInOtherShards() {
    // With more shards than classes, Surefire's scan finds no class of this shard with tests.
    assertThat(
            runInOneSession(
                Map.of(),
                List.of(SelectionFixtures.FastUnit.class),
                Map.of("dynamo.stage", "pre-merge", "dynamo.shard", "5/5")))
        .isEmpty();
  }

  @Test
  void aShardHandedNoClassStillFailsWhenTheSelectionMatchesNoTestSeen() {
    assertThat(
            runInOneSession(
                    Map.of(),
                    List.of(SelectionFixtures.FastUnit.class),
                    Map.of("dynamo.stage", "weekly", "dynamo.shard", "5/5"))
                .orElseThrow())
        .hasMessageStartingWith("The selection dynamo.stage=weekly matches none of the ");
  }

  @Test
  void allowsAnEmptySelectionOnRequest() {
    EngineExecutionResults results =
        run(Map.of("dynamo.stage", "weekly", "dynamo.empty", "allow"), ALL);

    assertThat(results.testEvents().started().count()).isZero();
    assertThat(results.containerEvents().failed().count()).isZero();
  }

  @Test
  void failsOnUnclassifiedTestsUnderStrictClassificationNamingThem() {
    assertThat(runError(Map.of("dynamo.classification", "strict"), ALL))
        .hasMessage(
            "2 unclassified tests under dynamo.classification=strict; give each a @Stage and a"
                + " @TestType:\n"
                + "  - ai.dynamo.test.engine.fixtures.SelectionFixtures$Unclassified#noStageNoType()"
                + " (missing @Stage, @TestType)\n"
                + "  - ai.dynamo.test.engine.fixtures.SelectionFixtures$StageOnly#noType()"
                + " (missing @TestType)");
  }

  @Test
  void failsOnAnEmptyStageAnnotation() {
    assertThat(discoveryError(Map.of(), SelectionFixtures.EmptyStage.class))
        .hasMessageStartingWith(
            "Invalid @Stage({}) on"
                + " ai.dynamo.test.engine.fixtures.SelectionFixtures$EmptyStage#test(): name at"
                + " least one stage");
  }
}

package ai.dynamo.test.engine.classification;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.LaunchedRun;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import ai.dynamo.test.engine.fixtures.UnclassifiedFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Classification rules give tests without annotations a default stage and type by class-name
 * pattern, the first matching rule winning; a test's own annotations always win; and the run says
 * how many tests each rule classified.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Isolated("replaces System.out")
class ClassificationRulesTests {

  @TempDir Path temp;

  private final List<String> ran = new ArrayList<>();

  private Path rules(String... lines) throws IOException {
    Path file = temp.resolve("dynamo-classification.properties");
    Files.write(file, List.of(lines));
    return file;
  }

  private String launch(Map<String, String> parameters, Class<?>... classes) {
    LaunchedRun run = LaunchedRun.launch(temp.resolve("reports"), parameters, classes);
    ran.addAll(run.tests());
    return run.console();
  }

  private Map<String, JsonNode> plan() throws IOException {
    JsonNode plan =
        new ObjectMapper().readTree(Files.readString(temp.resolve("reports/plan.json")));
    Map<String, JsonNode> byName = new java.util.TreeMap<>();
    StreamSupport.stream(plan.get("tests").spliterator(), false)
        .forEach(test -> byName.put(test.get("name").asText(), test));
    return byName;
  }

  @Test
  void aRuleLetsAStageSelectTheTestsItClassifiesAndSaysHowMany() throws IOException {
    Path rules = rules("**.UnclassifiedFixtures$* = nightly; integration");

    String output =
        launch(
            Map.of("dynamo.stage", "nightly", "dynamo.classification.rules", rules.toString()),
            UnclassifiedFixtures.ManyUnclassified.class,
            SelectionFixtures.FastUnit.class);

    assertThat(ran).hasSize(25).allMatch(name -> name.startsWith("legacy"));
    assertThat(output)
        .contains(
            "[dynamo] Classification rules ("
                + rules
                + "): 25 tests classified by rule (**.UnclassifiedFixtures$* 25), 0 unclassified")
        .doesNotContain("unclassified test");
    assertThat(plan().values())
        .filteredOn(test -> test.get("name").asText().contains("ManyUnclassified"))
        .hasSize(25)
        .allSatisfy(
            test -> {
              assertThat(test.get("classifiedBy").asText()).isEqualTo("**.UnclassifiedFixtures$*");
              assertThat(test.get("type").asText()).isEqualTo("integration");
            });
  }

  @Test
  void theFirstMatchingRuleWinsAndAnnotationsAlwaysWin() throws IOException {
    Path rules =
        rules(
            "# the more specific rule first",
            "**$ManyUnclassified = weekly; stress",
            "** = nightly; e2e");

    launch(
        Map.of("dynamo.classification.rules", rules.toString()),
        UnclassifiedFixtures.ManyUnclassified.class,
        SelectionFixtures.StageOnly.class,
        SelectionFixtures.FastUnit.class);

    Map<String, JsonNode> plan = plan();
    JsonNode legacy =
        plan.get("ai.dynamo.test.engine.fixtures.UnclassifiedFixtures$ManyUnclassified#legacy01()");
    assertThat(legacy.get("stages").toString()).isEqualTo("[\"weekly\"]");
    assertThat(legacy.get("type").asText()).isEqualTo("stress");
    // @Stage(PRE_MERGE) without a type: the stage is its own, the type the rule's.
    JsonNode stageOnly =
        plan.values().stream()
            .filter(t -> t.get("name").asText().contains("SelectionFixtures$StageOnly#"))
            .findFirst()
            .orElseThrow();
    assertThat(stageOnly.get("stages").toString()).isEqualTo("[\"pre-merge\"]");
    assertThat(stageOnly.get("type").asText()).isEqualTo("e2e");
    assertThat(stageOnly.get("classifiedBy").asText()).isEqualTo("**");
    // Fully annotated: no rule touches it.
    assertThat(plan.values())
        .filteredOn(t -> t.get("name").asText().contains("FastUnit#"))
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.has("classifiedBy")).isFalse());
  }

  @Test
  void theTypeARuleGivesIsTheTypeTheScheduleGuessesDurationsBy() throws IOException {
    // Without the rules, 25 tests of unknown type look longer than one. With them, 25 unit tests
    // (0.1 s each, guessed) are shorter than one stress test (5 min): shortest first runs them
    // first.
    Path rules =
        rules("**$ManyUnclassified = nightly; unit", "**$OneUnclassified = nightly; stress");

    launch(
        Map.of("dynamo.classification.rules", rules.toString(), "dynamo.order", "fail-fast"),
        UnclassifiedFixtures.OneUnclassified.class,
        UnclassifiedFixtures.ManyUnclassified.class);

    assertThat(ran).hasSize(26);
    assertThat(ran.get(0)).isEqualTo("legacy01()");
    assertThat(ran.get(25)).isEqualTo("soak()");
  }

  @Test
  void aBadRuleFailsDiscoveryNamingTheRuleAndTheValidStages() throws IOException {
    Path rules = rules("** = nightyl; unit");

    assertThatThrownBy(
            () ->
                EngineTestKit.engine("dynamo")
                    .selectors(selectClass(SelectionFixtures.FastUnit.class))
                    .configurationParameter("dynamo.classification.rules", rules.toString())
                    .execute())
        .rootCause()
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid rule '** = nightyl; unit' in "
                + rules
                + ": unknown stage 'nightyl'. Valid stages: pre-commit, pre-merge, post-merge,"
                + " nightly, weekly, qa, pre-release.");
  }
}

package ai.dynamo.test.engine.affected;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.report.ReportTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code dynamo.affected} on a real git repository ({@link FixtureRepo}): the changes are made with
 * the real {@code git}, the map is that of a run with the agent (PricingCheck reached Pricing,
 * ShippingCheck and EndToEndCheck reached Shipping, FreshCheck was never mapped), and the run goes
 * through the Launcher.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("affected-tests")
@Tutorial("docs/affected.md#how-it-works")
@Isolated("replaces System.out")
class AffectedSelectionTests {

  private static final String PRICING = "src/main/java/" + FixtureRepo.SOURCES + "/Pricing.java";

  @TempDir Path tmp;
  private FixtureRepo repo;

  @BeforeEach
  void projectWithMap() throws Exception {
    repo = FixtureRepo.create(tmp.resolve("project"));
    repo.map(
        Map.of(
            "PricingCheck", List.of("Pricing"),
            "ShippingCheck", List.of("Shipping"),
            "EndToEndCheck", List.of("Shipping")));
  }

  private FixtureRepo.Run affectedBy(String ref, String... more) throws Exception {
    Map<String, String> parameters = new HashMap<>(Map.of("dynamo.affected", ref));
    for (String pair : more) {
      parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    FixtureRepo.Run run = repo.run(parameters);
    assertThat(run.rootFailures()).as(run.console()).isEmpty();
    return run;
  }

  /** The reason plan.json gives for each test, selected or not. */
  private Map<String, String> reasons() throws Exception {
    assertThat(
            ReportTestSupport.violations(
                "plan.schema.json", Files.readString(repo.reports.resolve("plan.json"))))
        .isEmpty();
    JsonNode plan =
        new ObjectMapper().readTree(Files.readString(repo.reports.resolve("plan.json")));
    Map<String, String> reasons = new HashMap<>();
    for (JsonNode test : plan.get("tests")) {
      String name = test.get("name").asText().substring(FixtureRepo.PACKAGE.length() + 1);
      JsonNode reason =
          test.get("selected").asBoolean()
              ? test.get("selectedBecause")
              : test.get("excludedBecause");
      reasons.put(name, reason == null ? null : reason.asText());
    }
    return reasons;
  }

  @Test
  void aChangeToOneClassSelectsTheTestsThatReachedItAndNotTheOthers() throws Exception {
    repo.write(PRICING, "class Pricing { /* cheaper */ }\n");

    FixtureRepo.Run run = affectedBy("HEAD");

    assertThat(run.testClasses())
        .containsExactlyInAnyOrder("PricingCheck", "FreshCheck", "EndToEndCheck");
    assertThat(run.console())
        .contains(
            "[dynamo] Affected by HEAD: 1 file changed, 3 of 5 tests selected (1 out-of-jvm, 1"
                + " unmapped, 1 mapped)");
    Map<String, String> reasons = reasons();
    assertThat(reasons.get("PricingCheck#addsTax()"))
        .isEqualTo("mapped: reached " + FixtureRepo.PACKAGE + ".Pricing (" + PRICING + ")");
    assertThat(reasons.get("ShippingCheck#heavyParcel()")).isEqualTo("not affected by HEAD");
    assertThat(reasons.get("ShippingCheck#lightParcel()")).isEqualTo("not affected by HEAD");
    assertThat(reasons.get("FreshCheck#isNew()")).startsWith("unmapped:");
    assertThat(reasons.get("EndToEndCheck#shipsAnOrder()")).startsWith("out-of-jvm:");
  }

  @Test
  void aCommittedChangeSinceTheRefCountsLikeAnUncommittedOne() throws Exception {
    repo.write(PRICING, "class Pricing { /* cheaper */ }\n");
    repo.commit("cheaper");

    FixtureRepo.Run run = affectedBy("HEAD~1");

    assertThat(run.testClasses()).contains("PricingCheck").doesNotContain("ShippingCheck");
  }

  @Test
  void aChangedTestSourceSelectsThatTestClass() throws Exception {
    repo.write("src/test/java/" + FixtureRepo.SOURCES + "/ShippingCheck.java", "// more\n");

    FixtureRepo.Run run = affectedBy("HEAD");

    assertThat(run.testClasses())
        .containsExactlyInAnyOrder("ShippingCheck", "ShippingCheck", "FreshCheck", "EndToEndCheck");
    assertThat(reasons().get("ShippingCheck#heavyParcel()"))
        .isEqualTo(
            "own-source: src/test/java/" + FixtureRepo.SOURCES + "/ShippingCheck.java changed");
    assertThat(reasons().get("PricingCheck#addsTax()")).isEqualTo("not affected by HEAD");
  }

  @Test
  void aNewUntrackedTestRunsAsItsOwnSourceChanged() throws Exception {
    String fresh = "src/test/java/" + FixtureRepo.SOURCES + "/FreshCheck.java";
    repo.git("rm", "-q", "--cached", fresh);
    repo.git("commit", "-q", "-m", "FreshCheck is not committed yet");

    FixtureRepo.Run run = affectedBy("HEAD");

    assertThat(run.testClasses()).containsExactlyInAnyOrder("FreshCheck", "EndToEndCheck");
    assertThat(reasons().get("FreshCheck#isNew()")).isEqualTo("own-source: " + fresh + " changed");
  }

  @Test
  void aBuildFileChangeSelectsEveryTestByDefault() throws Exception {
    repo.write("pom.xml", "<project><!-- new dependency --></project>\n");

    FixtureRepo.Run run = affectedBy("HEAD");

    assertThat(run.testClasses()).hasSize(5);
    assertThat(run.console())
        .contains(
            "[dynamo] Affected by HEAD: 1 file changed, 5 of 5 tests selected (5 rule: pom.xml)");
    assertThat(reasons().get("ShippingCheck#lightParcel()")).isEqualTo("rule:default (pom.xml)");
  }

  @Test
  void aDeletedClassSelectsEveryTestByDefault() throws Exception {
    String shipping = "src/main/java/" + FixtureRepo.SOURCES + "/Shipping.java";
    repo.git("rm", "-q", shipping);

    FixtureRepo.Run run = affectedBy("HEAD");

    assertThat(run.testClasses()).hasSize(5);
    assertThat(reasons().get("PricingCheck#addsTax()"))
        .isEqualTo("rule:default (" + shipping + ")");
  }

  @Test
  void rulesNarrowWhatAResourceOrADocSelects() throws Exception {
    repo.write(
        "dynamo-affected.properties",
        "# what the map cannot see\ndocs/**=none\nsrc/main/resources/**=module\n");
    repo.commit("rules");
    repo.write("docs/guide.md", "# Guide, reworded\n");

    FixtureRepo.Run docs = affectedBy("HEAD");

    assertThat(docs.testClasses()).containsExactlyInAnyOrder("FreshCheck", "EndToEndCheck");

    repo.write("src/main/resources/app.properties", "rate=19\n");

    FixtureRepo.Run resource = affectedBy("HEAD");

    assertThat(resource.testClasses()).hasSize(5);
    assertThat(reasons().get("ShippingCheck#heavyParcel()"))
        .isEqualTo("rule:src/main/resources/** (src/main/resources/app.properties)");
  }

  @Test
  void outOfJvmTestsRunLikeOthersWhenTheRulesSaySo() throws Exception {
    repo.write("dynamo-affected.properties", "@out-of-jvm=mapped\n");
    repo.commit("rules");

    FixtureRepo.Run run = affectedBy("HEAD");

    assertThat(run.testClasses()).containsExactly("FreshCheck");
    assertThat(run.console())
        .contains("[dynamo] Affected by HEAD: 0 files changed, 1 of 5 tests selected (1 unmapped)");
  }

  @Test
  void aTestWhoseMapIsOlderThanTheCodeItReachedRuns() throws Exception {
    // The map says ShippingCheck reached other bytes of Shipping than the compiled ones.
    repo.map(Map.of("ShippingCheck", List.of("Shipping")));
    String stale =
        Files.readString(
                Files.list(repo.history.resolve("affected"))
                    .filter(f -> f.toString().endsWith(".tsv"))
                    .max(Path::compareTo)
                    .orElseThrow())
            .replace(Long.toHexString(repo.id("Shipping")), "1");
    repo.write("target/dynamo-history/affected/run-9999999999999-stale.tsv", stale);

    FixtureRepo.Run run = affectedBy("HEAD");

    assertThat(run.testClasses()).contains("ShippingCheck").doesNotContain("PricingCheck");
    assertThat(reasons().get("ShippingCheck#heavyParcel()"))
        .startsWith("stale: " + FixtureRepo.PACKAGE + ".Shipping changed since its map");
  }

  @Test
  void aRefThatNamesNoCommitFailsDiscoveryNamingIt() throws Exception {
    FixtureRepo.Run run = repo.run(Map.of("dynamo.affected", "origin/no-such-branch"));

    assertThat(run.testClasses()).isEmpty();
    assertThat(String.join("\n", run.rootFailures()) + run.console())
        .contains("Cannot select the tests affected by origin/no-such-branch")
        .contains("the ref 'origin/no-such-branch' names no commit")
        .contains("dynamo.affected.fallback=all");
  }

  @Test
  void aShallowCloneWithoutTheRefFailsSayingSo() throws Exception {
    repo.write(PRICING, "class Pricing { /* v2 */ }\n");
    repo.commit("second");
    Path shallow = tmp.resolve("shallow");
    repo.git("clone", "-q", "--depth", "1", repo.dir.toUri().toString(), shallow.toString());
    FixtureRepo clone = FixtureRepo.withClasses(shallow);

    FixtureRepo.Run run = clone.run(Map.of("dynamo.affected", "HEAD~1"));

    assertThat(String.join("\n", run.rootFailures()))
        .contains("the ref 'HEAD~1' is not in this shallow clone");
  }

  @Test
  void withoutAGitWorkTreeTheFallbackAllRunsEverythingAndSaysSo() throws Exception {
    FixtureRepo outside = FixtureRepo.withClasses(tmp.resolve("no-git"));

    FixtureRepo.Run failed = outside.run(Map.of("dynamo.affected", "origin/main"));
    FixtureRepo.Run all =
        outside.run(Map.of("dynamo.affected", "origin/main", "dynamo.affected.fallback", "all"));

    assertThat(String.join("\n", failed.rootFailures())).contains("is not inside a git work tree");
    assertThat(all.rootFailures()).isEmpty();
    assertThat(all.testClasses()).hasSize(5);
    assertThat(all.console())
        .contains("[dynamo] Affected by origin/main: cannot tell the changes (")
        .contains("is not inside a git work tree")
        .contains("dynamo.affected.fallback=all runs all 5 tests");
  }

  @Test
  void aBadFallbackOrRefIsAConfigurationErrorNamingTheChoices() throws Exception {
    FixtureRepo.Run fallback =
        repo.run(Map.of("dynamo.affected", "HEAD", "dynamo.affected.fallback", "maybe"));
    FixtureRepo.Run ref = repo.run(Map.of("dynamo.affected", "--output=x"));

    assertThat(String.join("\n", fallback.rootFailures()))
        .contains(
            "Invalid dynamo.affected.fallback=maybe. Valid values: fail, all (default: fail)");
    assertThat(String.join("\n", ref.rootFailures()))
        .contains("Invalid dynamo.affected=--output=x: expected a git ref");
  }

  @Test
  void aBadRuleOrAMissingRulesFileStopsDiscoveryNamingTheLineAndTheChoices() throws Exception {
    repo.write("dynamo-affected.properties", "docs/**=none\npom.xml=some\n");
    repo.commit("bad rules");

    FixtureRepo.Run badLine = repo.run(Map.of("dynamo.affected", "HEAD"));
    FixtureRepo.Run missing =
        repo.run(
            Map.of("dynamo.affected", "HEAD", "dynamo.affected.rules", "ci/nothing.properties"));

    assertThat(String.join("\n", badLine.rootFailures()))
        .contains("Bad affected-tests rule at ")
        .contains("dynamo-affected.properties line 2 'pom.xml=some'")
        .contains("unknown action 'some'. Valid actions: all, none, module.");
    assertThat(String.join("\n", missing.rootFailures()))
        .contains("Invalid dynamo.affected.rules=ci/nothing.properties: no such file");
  }

  @Test
  void aClassNoTestReachedSelectsEverythingUnlessARuleTrustsTheMap() throws Exception {
    String tax = "src/main/java/" + FixtureRepo.SOURCES + "/Tax.java";
    repo.write(tax, "class Tax {}\n");
    // Compiled, as the build does before the tests run: a class of this module.
    repo.write("target/classes/" + FixtureRepo.SOURCES + "/Tax.class", "");

    FixtureRepo.Run byDefault = affectedBy("HEAD");

    assertThat(byDefault.testClasses()).hasSize(5);
    assertThat(reasons().get("PricingCheck#addsTax()")).isEqualTo("rule:default (" + tax + ")");

    repo.write("dynamo-affected.properties", "src/main/java/**=none\n");
    repo.git("add", "dynamo-affected.properties");
    repo.git("commit", "-q", "-m", "trust the map");

    FixtureRepo.Run trusted = affectedBy("HEAD");

    assertThat(trusted.testClasses()).containsExactlyInAnyOrder("FreshCheck", "EndToEndCheck");
  }

  @Test
  void theStageSelectionStillApplies() throws Exception {
    repo.write("pom.xml", "<project><!-- changed --></project>\n");

    FixtureRepo.Run run = affectedBy("HEAD", "dynamo.type=e2e");

    assertThat(run.testClasses()).containsExactly("EndToEndCheck");
  }

  @Test
  void aChangedClassOfAModuleTheTestsDoNotSeeSelectsNothingByItself() throws Exception {
    // Another module's class, not on this module's test class path (this one does not depend on
    // it): it cannot affect these tests, so it triggers no rule; only what always runs does.
    repo.write(
        "other-module/src/main/java/" + FixtureRepo.SOURCES + "/Invoice.java", "class I {}\n");

    FixtureRepo.Run run = affectedBy("HEAD");

    assertThat(run.testClasses()).containsExactlyInAnyOrder("FreshCheck", "EndToEndCheck");
  }
}

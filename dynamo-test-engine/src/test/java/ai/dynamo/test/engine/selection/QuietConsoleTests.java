package ai.dynamo.test.engine.selection;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.LaunchedRun;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import ai.dynamo.test.engine.fixtures.UnclassifiedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A suite of thousands of unclassified tests gets a few console lines, not one per test, and a
 * stage selection that matches nothing because the tests are unclassified says so.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Isolated("replaces System.out")
class QuietConsoleTests {

  @TempDir Path reports;

  @Test
  void namesTheUnclassifiedTestsInOneLineAndListsThemAllInAFile() throws IOException {
    String output =
        LaunchedRun.launch(
                reports,
                Map.of("dynamo.stage", "pre-merge"),
                UnclassifiedFixtures.ManyUnclassified.class,
                SelectionFixtures.FastUnit.class)
            .console();

    List<String> lines = output.lines().filter(l -> l.contains("unclassified")).toList();
    assertThat(lines)
        .singleElement()
        .asString()
        .startsWith("[dynamo] 25 unclassified tests (no @Stage or no @TestType), not run")
        .contains(reports.resolve("unclassified.txt").toAbsolutePath().toString())
        .contains("the first 3: ")
        .doesNotContain("legacy04");
    assertThat(Files.readAllLines(reports.resolve("unclassified.txt")))
        .hasSize(25)
        .allMatch(line -> line.endsWith("(missing @Stage, @TestType)"))
        .anyMatch(line -> line.contains("ManyUnclassified#legacy25()"));
  }

  @Test
  void aStageThatMatchesNothingBecauseTheTestsAreUnclassifiedSaysSo() {
    LaunchedRun run =
        LaunchedRun.launch(
            reports,
            Map.of("dynamo.stage", "pre-merge"),
            UnclassifiedFixtures.ManyUnclassified.class);

    assertThat(run.rootFailures())
        .singleElement()
        .asString()
        .startsWith("The selection dynamo.stage=pre-merge matches none of the 25 tests of this run")
        .contains("25 of them are unclassified (no @Stage or no @TestType)")
        .contains("dynamo.classification.rules")
        .contains("dynamo.unclassified=include")
        .doesNotContain("dynamo.empty=allow");
  }

  @Test
  void strictClassificationNamesTwentyAndPointsAtTheFileForTheRest() {
    LaunchedRun run =
        LaunchedRun.launch(
            reports,
            Map.of("dynamo.classification", "strict"),
            UnclassifiedFixtures.ManyUnclassified.class);

    assertThat(run.rootFailures())
        .singleElement()
        .asString()
        .startsWith("25 unclassified tests under dynamo.classification=strict")
        .contains("... and 5 more, all listed in unclassified.txt")
        .satisfies(m -> assertThat(m.lines().filter(l -> l.startsWith("  - "))).hasSize(20));
  }
}

package ai.dynamo.test.engine.selection;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.selection.FixtureBuild.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real Maven build of a project whose directory has spaces in its path, as under a macOS or
 * Windows home directory ({@code /Users/Jane Doe/My Projects}): the stage selection works, and the
 * plan, the reports and the history are written under it.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class ProjectPathWithSpacesIT {

  @Test
  void aProjectUnderAPathWithSpacesRunsItsStageAndWritesReportsAndHistory() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("stage-selection", "Jane Doe/My Projects/stage app");
    Result build = fixture.test("-Ddynamo.stage=nightly");

    assertThat(fixture.directory().toString()).contains(" ");
    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(build.reports().ids())
        .as(build.describe())
        .containsExactly(
            "MixedStagesTest.reconnectsAfterOutage",
            "NightlySoakTest.drainsBacklog",
            "NightlySoakTest.survivesRestart",
            "NightlySoakTest.uploadsResults");
    Path reports = fixture.directory().resolve("target/dynamo");
    assertThat(reports.resolve("plan.json")).isNotEmptyFile();
    assertThat(reports.resolve("summary.json")).content().contains("drainsBacklog");
    assertThat(reports.resolve("report.html")).isNotEmptyFile();
    try (Stream<Path> runs = Files.list(fixture.directory().resolve("target/dynamo-history"))) {
      assertThat(runs.toList()).as("history files").isNotEmpty();
    }
  }
}

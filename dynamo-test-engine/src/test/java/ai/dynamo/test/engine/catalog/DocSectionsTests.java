package ai.dynamo.test.engine.catalog;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.List;
import org.junit.jupiter.api.Test;

@Stage(PRE_MERGE)
@TestType(UNIT)
@Feature("doc-coverage")
class DocSectionsTests {

  @Test
  void givesHeadingsTheAnchorsGitHubGivesThem() {
    assertThat(DocSections.anchor("Run the nightly stage")).isEqualTo("run-the-nightly-stage");
    assertThat(DocSections.anchor("What's `dynamo.dry-run`?")).isEqualTo("whats-dynamodry-run");
    assertThat(DocSections.anchor("Stage × type")).isEqualTo("stage--type");
  }

  @Test
  void skipsHeadingsInsideCodeBlocksAndNumbersRepeatedOnes() {
    assertThat(
            DocSections.anchors(
                List.of(
                    "# Usage", "```sh", "# a shell comment", "```", "## Usage", "#not-a-heading")))
        .containsExactly("usage", "usage-1");
  }

  @Test
  void listsEachPageAndItsSectionsBelowTheTitle(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Path docs = java.nio.file.Files.createDirectories(dir.resolve("docs"));
    java.nio.file.Files.writeString(
        docs.resolve("guide.md"), "# Guide\n\n## Install\n\n### On Debian\n\n#\tNot spaced\n");

    assertThat(DocSections.scan(docs))
        .containsExactly("docs/guide.md", "docs/guide.md#install", "docs/guide.md#on-debian");
  }
}

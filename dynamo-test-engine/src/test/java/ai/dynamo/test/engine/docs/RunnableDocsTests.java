package ai.dynamo.test.engine.docs;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.DynamoTestEngine;
import ai.dynamo.test.engine.fixtures.DocsFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runnable code blocks of Markdown pages, run as dynamic tests. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("runnable-docs")
@Tutorial("docs/reports.md#test-the-commands-in-your-docs")
class RunnableDocsTests {

  @TempDir Path project;

  @BeforeEach
  void writeAPage() throws IOException {
    Path docs = Files.createDirectories(project.resolve("docs"));
    Files.writeString(
        docs.resolve("guide.md"),
        String.join(
            "\n",
            "# Guide",
            "```sh dynamo-test stage=pre-merge",
            "echo hello > out.txt",
            "test -f out.txt",
            "```",
            "```sh dynamo-test stage=pre-merge type=integration",
            "echo 'starting the server'",
            "echo 'port 8080 already in use' >&2",
            "exit 3",
            "```",
            "```java dynamo-test stage=pre-merge",
            "import java.util.List;",
            "List<String> names = List.of(\"a\");",
            "```",
            "```java dynamo-test stage=nightly",
            "class Broken { int x = \"text\"; }",
            "```",
            "```sh",
            "this block has no marker and never runs",
            "```",
            ""));
    DocsFixtures.docs = docs;
  }

  private Events run(Map<String, String> parameters) {
    EngineExecutionResults results =
        EngineTestKit.engine(DynamoTestEngine.ENGINE_ID)
            .selectors(selectClass(DocsFixtures.DocsAsTests.class))
            .configurationParameters(parameters)
            .execute();
    return results.testEvents();
  }

  @Test
  void runsShellBlocksAndFailsOneThatExitsNonZeroWithItsOutput() {
    Events events = run(Map.of());

    assertThat(events.started().count()).isEqualTo(4);
    events
        .assertThatEvents()
        .haveExactly(
            1, event(displayName("docs/guide.md:2 (sh) stage=pre-merge"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                displayName("docs/guide.md:6 (sh) stage=pre-merge type=integration"),
                finishedWithFailure(
                    message(
                        m ->
                            m.startsWith("docs/guide.md:6 (sh) exited with status 3")
                                && m.contains("starting the server\nport 8080 already in use")))));
  }

  @Test
  void compilesJavaBlocksAndFailsOneThatDoesNotCompile() {
    Events events = run(Map.of());

    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(displayName("docs/guide.md:11 (java) stage=pre-merge"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                displayName("docs/guide.md:15 (java) stage=nightly"),
                finishedWithFailure(
                    message(
                        m ->
                            m.startsWith("docs/guide.md:15 (java) does not compile")
                                && m.contains("incompatible types")))));
  }

  @Test
  void abortsBlocksOutsideTheSelectedStageNamingIt() {
    Events events = run(Map.of("dynamo.stage", "nightly"));

    events
        .assertThatEvents()
        .haveExactly(
            3, event(abortedWithReason(message(m -> m.contains("not selected by dynamo.stage")))))
        .haveExactly(
            1,
            event(
                displayName("docs/guide.md:15 (java) stage=nightly"),
                finishedWithFailure(message(m -> m.contains("does not compile")))));
  }

  @Test
  void runsABlockOfOnePageInACopyOfItsDirectoryWithoutBuildOutput() throws IOException {
    Files.writeString(project.resolve("build.sh"), "#!/bin/sh\necho built > target/out.txt\n");
    project.resolve("build.sh").toFile().setExecutable(true);
    Files.createDirectories(project.resolve("target"));
    Files.writeString(project.resolve("target/stale.txt"), "old build output");
    Files.writeString(
        project.resolve("README.md"),
        String.join(
            "\n",
            "# Project",
            "```sh dynamo-test dir=copy",
            "test ! -e target/stale.txt",
            "mkdir -p target && ./build.sh",
            "grep -q built target/out.txt",
            "```",
            "```sh dynamo-test dir=home",
            "true",
            "```",
            ""));
    DocsFixtures.page = project.resolve("README.md");

    Events events =
        EngineTestKit.engine(DynamoTestEngine.ENGINE_ID)
            .selectors(selectClass(DocsFixtures.PageAsTests.class))
            .execute()
            .testEvents();

    events
        .assertThatEvents()
        .haveExactly(1, event(displayName("README.md:2 (sh)"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                displayName("README.md:7 (sh)"),
                finishedWithFailure(
                    message(
                        "README.md:7 (sh): unknown dir 'home'. Valid values: temp (a new empty"
                            + " directory, the default), copy (a copy of the page's directory"
                            + " without target/ and .git/)."))));
    // The block built in its copy, not here.
    assertThat(project.resolve("target/out.txt")).doesNotExist();
  }
}

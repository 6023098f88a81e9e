package ai.dynamo.test.engine.history;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The revision a run records, from the parameter, CI variables, or a real git repository. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class RevisionTest {

  @TempDir Path directory;

  @Test
  void theParameterWinsOverCiVariables() {
    String revision =
        Revision.detect(
            key -> Optional.of(" given ").filter(v -> key.equals("dynamo.history.revision")),
            Map.of("GITHUB_SHA", "from-github")::get,
            directory);
    assertThat(revision).isEqualTo("given");
  }

  @Test
  void ciVariablesAreTriedInOrder() {
    String revision =
        Revision.detect(
            key -> Optional.empty(),
            Map.of("GIT_COMMIT", "from-jenkins", "CI_COMMIT_SHA", "from-gitlab")::get,
            directory);
    assertThat(revision).isEqualTo("from-gitlab");
  }

  @Test
  void aDirectoryOutsideAnyRepositoryHasAnUnknownRevision() {
    assertThat(Revision.git(directory)).isEmpty();
  }

  @Test
  @Requires(commands = "git")
  void gitGivesTheCommitAndMarksAChangedWorkingTreeDirty() throws Exception {
    git("init", "-q");
    Files.writeString(directory.resolve("a.txt"), "one");
    git("add", "a.txt");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
    String head = git("rev-parse", "HEAD").trim();

    assertThat(Revision.git(directory)).isEqualTo(head).hasSize(40);
    assertThat(Revision.isComparable(Revision.git(directory))).isTrue();

    Files.writeString(directory.resolve("a.txt"), "two");
    assertThat(Revision.git(directory)).isEqualTo(head + "-dirty");
    assertThat(Revision.isComparable(Revision.git(directory))).isFalse();
  }

  private String git(String... arguments) throws Exception {
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().add("git");
    builder.command().addAll(List.of(arguments));
    builder.directory(directory.toFile()).redirectErrorStream(true);
    // A temporary directory must not be taken for part of an enclosing repository.
    builder.environment().put("GIT_CEILING_DIRECTORIES", directory.getParent().toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}

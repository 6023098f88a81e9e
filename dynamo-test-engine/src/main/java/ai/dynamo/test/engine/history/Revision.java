package ai.dynamo.test.engine.history;

import ai.dynamo.test.engine.Constants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The code revision a run tests, recorded with its history so that an outcome that changes without
 * a code change (a flip) can be told from one that follows a change.
 *
 * <p>In order: {@code dynamo.history.revision} as CI gives it; the first of {@code GITHUB_SHA},
 * {@code CI_COMMIT_SHA}, {@code GIT_COMMIT}, {@code BUILD_VCS_NUMBER} that is set; {@code git
 * rev-parse HEAD} in the working directory, with {@code -dirty} appended when {@code git status
 * --porcelain} lists anything. Without git, outside a repository, or when git does not answer
 * within {@value #GIT_TIMEOUT_MILLIS} ms, the revision is unknown (empty).
 */
final class Revision {

  /** The environment variables CI servers put the commit under, in the order they are tried. */
  static final List<String> CI_VARIABLES =
      List.of("GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT", "BUILD_VCS_NUMBER");

  /** What marks a revision whose working tree had changes that no commit holds. */
  static final String DIRTY = "-dirty";

  static final long GIT_TIMEOUT_MILLIS = 3_000;

  private Revision() {}

  /** The revision of this run, or empty when unknown. */
  static String detect(
      Function<String, Optional<String>> parameters,
      Function<String, String> environment,
      Path workingDirectory) {
    return detect(parameters, environment, workingDirectory, Revision::git);
  }

  /**
   * The revision of this run, asking {@code git} for a working directory's when nothing says it.
   */
  static String detect(
      Function<String, Optional<String>> parameters,
      Function<String, String> environment,
      Path workingDirectory,
      Function<Path, String> git) {
    Optional<String> given =
        parameters.apply(Constants.HISTORY_REVISION).map(String::trim).filter(v -> !v.isEmpty());
    if (given.isPresent()) {
      return given.get();
    }
    for (String variable : CI_VARIABLES) {
      String value = environment.apply(variable);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    return git.apply(workingDirectory.toAbsolutePath().normalize());
  }

  /**
   * Whether two records of this revision tested the same code: the revision is known, and it is not
   * a working tree with uncommitted changes, which may differ from one run to the next.
   */
  static boolean isComparable(String revision) {
    return !revision.isEmpty() && !revision.endsWith(DIRTY);
  }

  /** {@code git rev-parse HEAD}, plus {@code -dirty} for a changed working tree; empty if none. */
  static String git(Path directory) {
    Optional<String> head = runGit(directory, "rev-parse", "HEAD").map(String::trim);
    if (head.isEmpty() || head.get().isEmpty()) {
      return "";
    }
    Optional<String> status = runGit(directory, "status", "--porcelain");
    if (status.isEmpty()) {
      return "";
    }
    return head.get() + (status.get().isBlank() ? "" : DIRTY);
  }

  private static Optional<String> runGit(Path directory, String... arguments) {
    Path output = null;
    try {
      output = Files.createTempFile("dynamo-git", ".out");
      ProcessBuilder builder = new ProcessBuilder();
      builder.command().add("git");
      builder.command().addAll(List.of(arguments));
      // Output goes to a file: a long 'git status' must not fill a pipe nobody reads yet.
      builder
          .directory(directory.toFile())
          .redirectOutput(output.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      // Forks of one build run this at once: git status must not take the index lock.
      builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(GIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      if (process.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // A temporary file in the system's temporary directory.
        }
      }
    }
  }
}

package ai.dynamo.test.engine.affected;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * The files that differ between a git ref and the working tree, asked of the real {@code git}:
 * {@code git diff --name-status <ref>} for tracked files (committed or not) and {@code git ls-files
 * --others --exclude-standard} for new files git does not track yet. Paths are relative to the top
 * of the work tree, with {@code /} as separator.
 *
 * <pre>{@code
 * ChangedFiles changed = ChangedFiles.between("origin/main", Path.of(""));
 * changed.files(); // {"pom.xml"=MODIFIED, "src/main/java/a/B.java"=DELETED}
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class ChangedFiles {

  /** How a file changed. */
  public enum Change {
    ADDED,
    MODIFIED,
    DELETED
  }

  /** Why the changes cannot be told: no git, no work tree, an unknown ref, a shallow clone. */
  public static final class Undecidable extends Exception {
    private static final long serialVersionUID = 1L;

    Undecidable(String message) {
      super(message);
    }
  }

  static final long TIMEOUT_SECONDS = 60;

  private final String ref;
  private final Path topLevel;
  private final Map<String, Change> files;

  private ChangedFiles(String ref, Path topLevel, Map<String, Change> files) {
    this.ref = ref;
    this.topLevel = topLevel;
    this.files = files;
  }

  /**
   * The changes between {@code ref} and the work tree that holds {@code directory}.
   *
   * @throws Undecidable naming the cause when git cannot tell
   */
  public static ChangedFiles between(String ref, Path directory) throws Undecidable {
    Path dir = directory.toAbsolutePath().normalize();
    Result inside = git(dir, "rev-parse", "--is-inside-work-tree");
    if (inside.exit() != 0 || !inside.out().trim().equals("true")) {
      throw new Undecidable(
          dir + " is not inside a git work tree (git said: " + inside.firstLine() + ")");
    }
    Path top = Path.of(git(dir, "rev-parse", "--show-toplevel").out().trim());
    Result verified = git(top, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
    if (verified.exit() != 0) {
      boolean shallow =
          git(top, "rev-parse", "--is-shallow-repository").out().trim().equals("true");
      throw new Undecidable(
          shallow
              ? "the ref '"
                  + ref
                  + "' is not in this shallow clone; fetch it (git fetch origin <branch>, or"
                  + " actions/checkout with fetch-depth: 0)"
              : "the ref '"
                  + ref
                  + "' names no commit of the repository at "
                  + top
                  + "; check the name (git branch -a), or fetch it");
    }
    Map<String, Change> files = new TreeMap<>();
    Result diff = git(top, "diff", "--name-status", "--no-renames", "-z", ref, "--");
    if (diff.exit() != 0) {
      throw new Undecidable("git diff " + ref + " failed: " + diff.firstLine());
    }
    String[] fields = diff.out().split("\0");
    for (int i = 0; i + 1 < fields.length; i += 2) {
      String status = fields[i].trim();
      Change change =
          status.startsWith("D")
              ? Change.DELETED
              : status.startsWith("A") ? Change.ADDED : Change.MODIFIED;
      files.put(fields[i + 1], change);
    }
    Result untracked = git(top, "ls-files", "--others", "--exclude-standard", "-z");
    if (untracked.exit() != 0) {
      throw new Undecidable("git ls-files failed: " + untracked.firstLine());
    }
    for (String file : untracked.out().split("\0")) {
      if (!file.isEmpty()) {
        files.put(file, Change.ADDED);
      }
    }
    return new ChangedFiles(ref, top, files);
  }

  /** The ref compared with. */
  public String ref() {
    return ref;
  }

  /** The top directory of the work tree: changed paths and rules are relative to it. */
  public Path topLevel() {
    return topLevel;
  }

  /** Every changed file, by path relative to {@link #topLevel()}, sorted. */
  public Map<String, Change> files() {
    return files;
  }

  private record Result(int exit, String out, String err) {
    String firstLine() {
      String text = err.isBlank() ? out : err;
      return text.isBlank() ? "exit " + exit : text.strip().lines().findFirst().orElse("");
    }
  }

  private static Result git(Path directory, String... arguments) throws Undecidable {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("dynamo-git", ".out");
      err = Files.createTempFile("dynamo-git", ".err");
      List<String> command = new ArrayList<>();
      command.add("git");
      command.addAll(List.of(arguments));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      // Forks of one build ask at once: git must not take the index lock.
      builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new Undecidable("git could not be started (is it installed and on the PATH?): " + e);
      }
      process.getOutputStream().close();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new Undecidable(
            "git " + String.join(" ", arguments) + " did not answer in " + TIMEOUT_SECONDS + " s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Undecidable("git could not be run: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Undecidable("interrupted while waiting for git");
    } finally {
      delete(out);
      delete(err);
    }
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A temporary file in the system's temporary directory.
      }
    }
  }
}

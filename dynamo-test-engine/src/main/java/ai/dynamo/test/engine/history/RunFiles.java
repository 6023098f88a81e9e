package ai.dynamo.test.engine.history;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * The directory model of the history and the test-to-class map: one {@code .tsv} file per run,
 * written under a temporary name and renamed, so that concurrent writers (forks, shards) never
 * share a file and readers never see half of one.
 *
 * <pre>{@code
 * Path file = RunFiles.write(dir, "run", text, "the test history");
 * List<Path> files = RunFiles.list(dir);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class RunFiles {

  /** The suffix of every file of the directory. */
  public static final String SUFFIX = ".tsv";

  private RunFiles() {}

  /**
   * The files of {@code dir}, sorted by name; empty when it does not exist or cannot be read (an
   * unreadable history or map only makes scheduling and selection less informed).
   */
  public static List<Path> list(Path dir) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : stream) {
        if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith(".")) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      // Treated as empty, as above.
    }
    files.sort(null);
    return files;
  }

  /**
   * Writes {@code text} into a new file of {@code dir} named {@code
   * <prefix>-<millis>-<pid>-<random>}, atomically where the file system can.
   *
   * @param what what the directory holds, for the error message
   * @throws UncheckedIOException when the file cannot be written
   */
  public static Path write(Path dir, String prefix, String text, String what) {
    String name =
        prefix
            + "-"
            + System.currentTimeMillis()
            + "-"
            + ProcessHandle.current().pid()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + name, ".tmp");
      Path file = dir.resolve(name + SUFFIX);
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + what + " into " + dir + ": " + e, e);
    }
  }
}

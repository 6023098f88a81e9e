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
import java.util.function.Consumer;
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

  /** How many settled files a writer leaves before it compacts them into one. */
  public static final int COMPACT_ABOVE = 16;

  /** The subdirectory where shard runs' files wait until settled. */
  private static final String INCOMING = "incoming";

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

  /** The settled files of {@code dir} and those waiting in its {@code incoming/}. */
  public static List<Path> all(Path dir) {
    List<Path> files = list(dir);
    files.addAll(list(dir.resolve(INCOMING)));
    return files;
  }

  /**
   * Writes one run's {@code text}: into {@code incoming/} for one shard of several, else settled,
   * and then, when more than {@value #COMPACT_ABOVE} files are settled or shard files wait, hands
   * them all to {@code compact}.
   */
  public static Path writeRun(
      Path dir, String text, boolean incoming, String what, Consumer<List<Path>> compact) {
    Path file = write(incoming ? dir.resolve(INCOMING) : dir, "run", text, what);
    if (!incoming) {
      List<Path> settled = list(dir);
      List<Path> waiting = list(dir.resolve(INCOMING));
      if (settled.size() > COMPACT_ABOVE || !waiting.isEmpty()) {
        settled.addAll(waiting);
        compact.accept(settled);
      }
    }
    return file;
  }

  /** Hands every file, the waiting ones too, to {@code compact}, when there is any. */
  public static void settle(Path dir, Consumer<List<Path>> compact) {
    List<Path> all = all(dir);
    if (!all.isEmpty()) {
      compact.accept(all);
    }
  }

  /**
   * Writes the merged {@code text} of the {@code consumed} files into one settled file, then
   * deletes them.
   */
  public static void replace(Path dir, String text, List<Path> consumed, String what) {
    write(dir, "compact", text, what);
    for (Path file : consumed) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // Another compaction may hold or have removed it; its records are in our file either way.
      }
    }
  }
}

package ai.dynamo.test.engine.history;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * A history directory: many small files, one per writer, merged when read.
 *
 * <p>Every run writes its records to a new file of its own (written under a temporary name, then
 * renamed atomically), so any number of forked JVMs and shards can write at once without a lock and
 * no reader ever sees half a file. Runs of a shard ({@code dynamo.shard}) write to the {@code
 * incoming/} subdirectory instead, so that the shards of one stage, even when run one after the
 * other on one machine, all plan from the same settled history; a later run without a shard, or
 * {@code ShardPlanner --promote}, settles them.
 *
 * <p>When the directory holds more than {@value RunFiles#COMPACT_ABOVE} files, a writer compacts
 * it: merges what it read into one new file (latest {@code window} executions per key), and only
 * then deletes the files it read. Two compactions racing write the same records twice, which the
 * merge counts once; no record that is within the window is lost. A file that is not history is
 * reported in one line naming it and ignored, never deleted.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class HistoryStore {

  private static final String WHAT = "the test history";

  private final Path directory;
  private final int window;
  private final Consumer<String> warnings;

  public HistoryStore(Path directory, int window, Consumer<String> warnings) {
    this.directory = directory;
    this.window = window;
    this.warnings = warnings;
  }

  /** The directory this store reads and writes. */
  public Path directory() {
    return directory;
  }

  /** The settled history: what shards plan from. */
  public DurationHistory readSettled() {
    return cached(RunFiles.list(directory));
  }

  /** Everything, settled and incoming: what ordering and estimates use. */
  public DurationHistory readAll() {
    return cached(RunFiles.all(directory));
  }

  /**
   * The last history read in this JVM, by the names, sizes and times of its files: with Surefire's
   * {@code forkCount > 1} every class is discovered on its own, and the files rarely change between
   * two classes of a fork.
   */
  private static final Map<List<Object>, DurationHistory> LAST_READ = new ConcurrentHashMap<>();

  private DurationHistory cached(List<Path> files) {
    List<Object> fingerprint = new ArrayList<>(files.size() * 3 + 1);
    fingerprint.add(window);
    try {
      for (Path file : files) {
        fingerprint.add(file.toAbsolutePath().toString());
        fingerprint.add(Files.size(file));
        fingerprint.add(Files.getLastModifiedTime(file).toMillis());
      }
    } catch (IOException e) {
      return DurationHistory.of(read(files).records, window);
    }
    DurationHistory known = LAST_READ.get(fingerprint);
    if (known != null) {
      return known;
    }
    DurationHistory history = DurationHistory.of(read(files).records, window);
    if (LAST_READ.size() > 4) {
      LAST_READ.clear();
    }
    LAST_READ.put(fingerprint, history);
    return history;
  }

  /**
   * Writes the records of one run into a file of its own.
   *
   * @param incoming whether the run is one shard of several: its records wait in {@code incoming/}
   *     until settled
   * @return the file written
   */
  public Path write(List<HistoryRecord> records, boolean incoming) {
    return RunFiles.writeRun(
        directory, HistoryFormat.format(records), incoming, WHAT, this::compact);
  }

  /** Merges every file, incoming ones too, into one settled file. */
  public void settle() {
    RunFiles.settle(directory, this::compact);
  }

  private void compact(List<Path> files) {
    Read read = read(files);
    RunFiles.replace(
        directory,
        HistoryFormat.format(DurationHistory.of(read.records, window).records()),
        read.consumed,
        WHAT);
  }

  private record Read(List<HistoryRecord> records, List<Path> consumed) {}

  /**
   * Files parsed in this JVM. A history file is never changed once written (it appears by an atomic
   * rename under a new name), so a file with the same size and time is not read again, and a file
   * that is not history is reported once.
   */
  private static final Map<Path, Parsed> PARSED = new ConcurrentHashMap<>();

  /** The records of one file, or {@code null} when it is not history. */
  private record Parsed(long size, long modified, List<HistoryRecord> records) {}

  private Read read(List<Path> files) {
    List<HistoryRecord> records = new ArrayList<>();
    List<Path> consumed = new ArrayList<>();
    if (PARSED.size() > 4_096) {
      PARSED.clear();
    }
    for (Path file : files) {
      try {
        Path key = file.toAbsolutePath();
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        Parsed parsed = PARSED.get(key);
        if (parsed == null || parsed.size() != size || parsed.modified() != modified) {
          parsed = new Parsed(size, modified, parse(file));
          PARSED.put(key, parsed);
        }
        if (parsed.records() != null) {
          records.addAll(parsed.records());
          consumed.add(file);
        }
      } catch (NoSuchFileException gone) {
        // Compacted away by another writer after we listed it; its records are in a newer file.
      } catch (IOException e) {
        // Unreadable right now (permissions, a vanishing file system): history only informs.
      }
    }
    return new Read(records, consumed);
  }

  private List<HistoryRecord> parse(Path file) throws NoSuchFileException {
    try {
      return List.copyOf(HistoryFormat.parse(Files.readAllLines(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException gone) {
      throw gone;
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      warnings.accept(
          "[dynamo] WARNING: ignoring "
              + file
              + ": not a dynamo history file ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "); delete it or point dynamo.history elsewhere.");
      return null;
    }
  }
}

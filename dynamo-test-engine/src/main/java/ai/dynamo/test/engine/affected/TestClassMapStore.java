package ai.dynamo.test.engine.affected;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.history.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The directory of the test-to-class map, {@code <history directory>/affected/}: the same model as
 * the duration history's. Every run writes its records to a new file of its own ({@code
 * run-<millis>-<pid>-<random>.tsv}, written under a temporary name and renamed atomically), so any
 * number of forks and shards write at once without a lock; shard runs write into {@code
 * affected/incoming/}. Reading merges every file, the newest record of a test class winning. A
 * writer that finds more than {@value RunFiles#COMPACT_ABOVE} files, or waiting shard files, merges
 * them into one {@code compact-….tsv} and only then deletes the files it read.
 *
 * <pre>{@code
 * TestClassMapStore store = TestClassMapStore.of(historyDirectory);
 * store.write(entries, false);
 * TestClassMap map = store.read();
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class TestClassMapStore {

  /** The map's directory under the history directory. */
  public static final String DIR = "affected";

  private static final String WHAT = "the test-to-class map";

  private final Path directory;
  private final Consumer<String> warnings;

  private TestClassMapStore(Path directory, Consumer<String> warnings) {
    this.directory = directory;
    this.warnings = warnings;
  }

  /** The map kept under {@code historyDirectory}, reporting files that are no map on stdout. */
  public static TestClassMapStore of(Path historyDirectory) {
    return new TestClassMapStore(historyDirectory.resolve(DIR), System.out::println);
  }

  /** The map's own directory. */
  public Path directory() {
    return directory;
  }

  /** Every record, settled and incoming, merged. */
  public TestClassMap read() {
    return TestClassMap.merge(read(RunFiles.all(directory)).entries());
  }

  /**
   * Writes the records of one run into a file of its own.
   *
   * @param incoming whether the run is one shard of several: its file waits in {@code incoming/}
   * @return the file written
   */
  public Path write(List<TestClassMap.Entry> entries, boolean incoming) {
    return RunFiles.writeRun(
        directory, TestClassMapFormat.format(entries), incoming, WHAT, this::compact);
  }

  /** Merges every file, the shards' waiting ones too, into one settled file. */
  public void settle() {
    RunFiles.settle(directory, this::compact);
  }

  private void compact(List<Path> files) {
    Read read = read(files);
    RunFiles.replace(
        directory,
        TestClassMapFormat.format(List.copyOf(TestClassMap.merge(read.entries()).entries())),
        read.consumed(),
        WHAT);
  }

  private record Read(List<TestClassMap.Entry> entries, List<Path> consumed) {}

  private Read read(List<Path> files) {
    List<TestClassMap.Entry> entries = new ArrayList<>();
    List<Path> consumed = new ArrayList<>();
    for (Path file : files) {
      try {
        entries.addAll(TestClassMapFormat.parse(Files.readAllLines(file, StandardCharsets.UTF_8)));
        consumed.add(file);
      } catch (NoSuchFileException gone) {
        // Compacted away by another writer after we listed it; its records are in a newer file.
      } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
        warnings.accept(
            "[dynamo] WARNING: ignoring "
                + file
                + ": not a dynamo test-to-class map file ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + "); delete it.");
      }
    }
    return new Read(entries, consumed);
  }
}

package ai.dynamo.test.engine.scheduling;

import ai.dynamo.test.engine.configuration.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the classes of each shard of a {@link ShardPartition} as a Surefire include file, {@code
 * shard-<i>-of-<n>.txt}: one pattern per line ({@code com/example/AlphaIT.java}), as {@code
 * -Dsurefire.includesFile} (and Failsafe's {@code -Dfailsafe.includesFile}) read them; lines
 * starting with {@code #} are comments to Surefire.
 *
 * <p>Only the classes the history knows are listed: a class without history is in no file (record a
 * run, or seed the history from JUnit XML reports, first). A shard without classes gets a pattern
 * that matches no class, because Surefire runs its default includes (every test class) when the
 * include file holds no pattern.
 */
final class ShardIncludes {

  /** A pattern that names no class, for a shard without classes. */
  static final String NO_CLASS = "dynamo/test/shards/NoClassInThisShard.java";

  private ShardIncludes() {}

  /** The file name of shard {@code shard} (from 1) of {@code shards}. */
  static String fileName(int shard, int shards) {
    return "shard-" + shard + "-of-" + shards + ".txt";
  }

  /** The Surefire include pattern of the top-level class {@code className}. */
  static String pattern(String className) {
    return className.replace('.', '/') + ".java";
  }

  /**
   * Writes one include file per shard of {@code partition} into {@code directory} (created when
   * missing), replacing the include files of an earlier plan there.
   */
  static void write(ShardPartition partition, Path directory) throws IOException {
    Files.createDirectories(directory);
    try (DirectoryStream<Path> earlier = Files.newDirectoryStream(directory, "shard-*-of-*.txt")) {
      for (Path file : earlier) {
        Files.delete(file);
      }
    }
    long[] loads = partition.loads();
    int shards = partition.count();
    for (int i = 0; i < shards; i++) {
      List<String> classes = partition.classesOf(i);
      List<String> lines = new ArrayList<>();
      lines.add(
          "# dynamo-test shard "
              + (i + 1)
              + "/"
              + shards
              + ": "
              + classes.size()
              + " classes of the history, estimated "
              + Durations.format(loads[i])
              + ". A class without history is in no shard's file: record a run first.");
      if (classes.isEmpty()) {
        lines.add("# No class: the next pattern matches none, so Surefire runs no test here.");
        lines.add(NO_CLASS);
      }
      for (String name : classes) {
        lines.add(pattern(name));
      }
      Path file = directory.resolve(fileName(i + 1, shards));
      Path partial = directory.resolve(fileName(i + 1, shards) + ".tmp");
      Files.write(partial, lines, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

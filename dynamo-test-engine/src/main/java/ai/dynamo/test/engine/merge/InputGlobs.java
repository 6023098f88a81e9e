package ai.dynamo.test.engine.merge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the {@code --inputs} of {@link MergeReports} into directories: a path as it is, a glob such
 * as {@code shards/*}{@code /target/dynamo} into the directories it matches, in name order. A glob
 * is expanded here, not by a shell, so that it works the same from Maven, Gradle and CI scripts.
 */
final class InputGlobs {

  private InputGlobs() {}

  /**
   * The directories {@code inputs} name, relative ones resolved against {@code base}.
   *
   * @throws MergeRefused for a glob that matches no directory
   */
  static List<Path> expand(List<String> inputs, Path base) {
    List<Path> dirs = new ArrayList<>();
    for (String input : inputs) {
      if (!isGlob(input)) {
        dirs.add(base.resolve(input).normalize());
        continue;
      }
      List<Path> matched = matching(input, base);
      if (matched.isEmpty()) {
        throw new MergeRefused(
            "The input pattern '"
                + input
                + "' matches no directory under "
                + base.toAbsolutePath().normalize()
                + ".");
      }
      dirs.addAll(matched);
    }
    return List.copyOf(dirs);
  }

  static boolean isGlob(String input) {
    return input.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static List<Path> matching(String glob, Path base) {
    // Walk from the longest directory before the first segment with a wildcard.
    String[] segments = glob.replace('\\', '/').split("/");
    int first = 0;
    while (first < segments.length && !isGlob(segments[first])) {
      first++;
    }
    String fixed = String.join("/", List.of(segments).subList(0, first));
    Path root = base.resolve(fixed.isEmpty() && glob.startsWith("/") ? "/" : fixed);
    String rest = String.join("/", List.of(segments).subList(first, segments.length));
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Path start = root;
    try (Stream<Path> walk = Files.walk(start, segments.length - first)) {
      return walk.filter(Files::isDirectory)
          .filter(dir -> !dir.equals(start) && matcher.matches(start.relativize(dir)))
          .map(Path::normalize)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package ai.dynamo.test.engine.docs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A copy of a directory for a block that builds or changes it ({@code dir=copy}): the block's
 * commands run as the page says, from the page's directory, without touching the build that runs
 * the docs. Build output ({@code target/}) and {@code .git/} are left out; file permissions are
 * kept, so {@code ./mvnw} stays executable.
 */
final class WorkingCopy {

  private static final Set<String> LEFT_OUT = Set.of("target", ".git");

  private WorkingCopy() {}

  static Path of(Path source) throws IOException {
    Path copy = Files.createTempDirectory("dynamo-doc-copy");
    Path from = source.toAbsolutePath().normalize();
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
              throws IOException {
            if (!dir.equals(from) && LEFT_OUT.contains(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(copy.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.copy(
                file,
                copy.resolve(from.relativize(file).toString()),
                StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS);
            return FileVisitResult.CONTINUE;
          }
        });
    return copy;
  }

  static void delete(Path copy) throws IOException {
    try (Stream<Path> paths = Files.walk(copy)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}

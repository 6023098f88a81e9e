package ai.dynamo.test.engine.requirements;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable the way a shell does: a path as given, or a name on the {@code PATH}. */
final class ExecutableLookup {

  private ExecutableLookup() {}

  static Optional<Path> find(String command, String path) {
    if (command.contains(File.separator)) {
      Path file = Path.of(command);
      return Files.isRegularFile(file) && Files.isExecutable(file)
          ? Optional.of(file)
          : Optional.empty();
    }
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}

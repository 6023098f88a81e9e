package ai.dynamo.test.engine.requirements;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Finds executables the way a shell does, for everything that runs or requires a command
 * ({@code @Requires(commands = ...)}, a {@code @Service}'s local executable, {@code nvidia-smi},
 * {@code kubectl}): a path as given, or a name in the directories of a {@code PATH}, then in the
 * {@code sbin} directories, where Debian installs daemons such as {@code nats-server} and which are
 * not on every user's {@code PATH}.
 *
 * <pre>{@code
 * ExecutableLookup.onPath(System.getenv("PATH")).find("nats-server") // /usr/sbin/nats-server
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class ExecutableLookup {

  private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

  private final List<String> directories;

  private ExecutableLookup(List<String> directories) {
    this.directories = directories;
  }

  /**
   * A lookup in the directories of {@code path} (a {@code PATH} value; null for none), then sbin.
   */
  public static ExecutableLookup onPath(String path) {
    Set<String> directories = new LinkedHashSet<>();
    if (path != null) {
      directories.addAll(List.of(path.split(File.pathSeparator)));
    }
    directories.addAll(SBIN);
    directories.remove("");
    return new ExecutableLookup(List.copyOf(directories));
  }

  /** The executable {@code command} names: a path when it contains a separator, else a name. */
  public Optional<Path> find(String command) {
    if (command.contains(File.separator)) {
      Path file = Path.of(command);
      return isExecutable(file) ? Optional.of(file) : Optional.empty();
    }
    for (String directory : directories) {
      Path candidate = Path.of(directory, command);
      if (isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Where {@link #find} looks for {@code command}, for messages: {@code /usr/bin:/usr/sbin}. */
  public String searched(String command) {
    return command.contains(File.separator)
        ? command
        : String.join(File.pathSeparator, directories);
  }

  private static boolean isExecutable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }
}

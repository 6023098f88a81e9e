package ai.dynamo.test.engine.history;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Reads {@code dynamo.history} and {@code dynamo.history.window}, and finds the default history
 * directory.
 *
 * <p>The default, and a relative {@code dynamo.history}, are found from the build directory the
 * test classes were compiled into ({@code <module>/target/test-classes} gives {@code
 * <module>/target/dynamo-history}; {@code <module>/build/classes/java/test} gives {@code
 * <module>/build/dynamo-history}), because the working directory differs between the processes that
 * discover tests: with {@code forkCount > 1}, Surefire discovers each class once in Maven's own
 * process (working directory: the reactor root) to see whether it has tests, and again in a fork
 * (working directory: the module). Both must read the same history, or a shard would drop a class
 * in one and keep it in the other.
 */
@API(status = INTERNAL, since = "0.1")
public final class HistorySettings {

  /** The window when {@code dynamo.history.window} is not set. */
  public static final int DEFAULT_WINDOW = 10;

  private HistorySettings() {}

  /**
   * The history store the parameters name, or empty when {@code dynamo.history=off}.
   *
   * @param anchor a test class of the run, to find its build directory; empty to use the working
   *     directory
   * @throws ConfigurationException for a window that is not a positive number
   */
  public static Optional<HistoryStore> store(
      Function<String, Optional<String>> parameters, Optional<Class<?>> anchor) {
    Optional<String> location =
        parameters.apply(Constants.HISTORY).map(String::trim).filter(v -> !v.isEmpty());
    if (location.filter("off"::equalsIgnoreCase).isPresent()) {
      return Optional.empty();
    }
    Optional<Path> buildDirectory = anchor.flatMap(HistorySettings::buildDirectoryOf);
    Path module = buildDirectory.map(Path::getParent).orElse(Path.of("").toAbsolutePath());
    Path directory =
        location
            .map(module::resolve)
            .orElseGet(
                () ->
                    buildDirectory
                        .orElseGet(() -> module.resolve(defaultBuildDirectoryName(module)))
                        .resolve("dynamo-history"));
    return Optional.of(
        new HistoryStore(directory.normalize(), window(parameters), System.out::println));
  }

  /** The {@code target} or {@code build} directory that holds {@code testClass}, if any. */
  public static Optional<Path> buildDirectoryOf(Class<?> testClass) {
    try {
      CodeSource source = testClass.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return Optional.empty();
      }
      Path location = Path.of(source.getLocation().toURI());
      if (!Files.isDirectory(location)) {
        return Optional.empty();
      }
      for (Path p = location; p != null; p = p.getParent()) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.equals("target") || name.equals("build")) {
          return Optional.of(p);
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // An unusual class loader: fall back to the working directory.
    }
    return Optional.empty();
  }

  /**
   * The code revision a run tests, as the history records it: {@code dynamo.history.revision}, a CI
   * variable, or git's {@code HEAD} (with {@code -dirty}); empty when unknown.
   */
  public static String revision(Function<String, Optional<String>> parameters) {
    return Revision.detect(parameters, System::getenv, Path.of(""));
  }

  private static String defaultBuildDirectoryName(Path module) {
    boolean gradle =
        Files.isDirectory(module.resolve("build")) && !Files.isDirectory(module.resolve("target"));
    return gradle ? "build" : "target";
  }

  private static int window(Function<String, Optional<String>> parameters) {
    Optional<String> raw =
        parameters.apply(Constants.HISTORY_WINDOW).map(String::trim).filter(v -> !v.isEmpty());
    if (raw.isEmpty()) {
      return DEFAULT_WINDOW;
    }
    try {
      int window = Integer.parseInt(raw.get());
      if (window > 0) {
        return window;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        "Invalid "
            + Constants.HISTORY_WINDOW
            + "="
            + raw.get()
            + ": expected a positive whole number of runs to keep per test, such as "
            + DEFAULT_WINDOW
            + " (the default).");
  }
}

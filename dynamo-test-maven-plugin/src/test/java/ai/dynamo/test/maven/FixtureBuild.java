package ai.dynamo.test.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fixture project from {@code src/it/}, copied to its own directory under {@code target/it/} and
 * built there by the Maven installation that runs this build: offline, with a private local
 * repository into which the invoker plugin installed the plugin under test, chained to the
 * developer's repository (Maven 3.9's {@code maven.repo.local.tail}). The same approach as the
 * engine's {@code selection.FixtureBuild}, whose test sources this module cannot see; everything
 * comes from system properties that Failsafe sets (see this module's POM).
 */
final class FixtureBuild {

  private static final long TIMEOUT_MINUTES = 5;

  /** {@code @name@} tokens in the fixture's files, and the system property that fills each. */
  private static final Map<String, String> TOKENS =
      Map.of(
          "@project.version@", "it.project.version",
          "@junit.version@", "it.junit.version",
          "@surefire.version@", "it.surefire.version",
          "@compiler.version@", "it.compiler.version",
          "@resources.version@", "it.resources.version");

  private final Path directory;

  private FixtureBuild(Path directory) {
    this.directory = directory;
  }

  /** Copies fixture {@code name} to {@code target/it/<runName>}, replacing what was there. */
  static FixtureBuild copy(String name, String runName) {
    Path source = Path.of(property("it.fixtures")).resolve(name);
    Path target = Path.of(property("it.work")).resolve(runName);
    try {
      deleteRecursively(target);
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path copy = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(copy);
          } else {
            String text = Files.readString(file);
            for (Map.Entry<String, String> token : TOKENS.entrySet()) {
              text = text.replace(token.getKey(), property(token.getValue()));
            }
            Files.writeString(copy, text);
          }
        }
      }
      // An empty .mvn marks the fixture as its own root: Maven would otherwise climb to this
      // repository's .mvn and take its settings.
      Files.createDirectories(target.resolve(".mvn"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy fixture " + source + " to " + target, e);
    }
    return new FixtureBuild(target);
  }

  /** The copy's directory, where the build writes {@code target/}. */
  Path directory() {
    return directory;
  }

  /** Runs {@code mvn -B -o <arguments>} in the copy and waits for it. */
  Result mvn(String... arguments) throws IOException, InterruptedException {
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    Path mvn = Path.of(property("maven.home"), "bin", windows ? "mvn.cmd" : "mvn");
    List<String> command = new ArrayList<>();
    command.add(mvn.toString());
    command.addAll(List.of("-B", "-o", "--no-transfer-progress"));
    command.add("-Dmaven.repo.local=" + property("it.repository"));
    command.add("-Dmaven.repo.local.tail=" + property("it.repository.tail"));
    command.addAll(List.of(arguments));

    Path log = Files.createTempFile(directory, "build", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // Arguments meant for the outer build must not reach the inner one.
    builder.environment().remove("MAVEN_ARGS");
    builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:auto");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          String.join(" ", command)
              + " did not finish in "
              + TIMEOUT_MINUTES
              + " minutes; its output so far:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(
        String.join(" ", command),
        process.exitValue(),
        Files.readString(log, StandardCharsets.UTF_8));
  }

  /** What one inner build did: its exit code and its console output. */
  record Result(String command, int exitCode, String output) {

    /** For assertion messages: the command and everything it printed. */
    String describe() {
      return "$ " + command + "\n(exit " + exitCode + ")\n" + output;
    }
  }

  private static String property(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property "
              + key
              + " is not set: run this test through Failsafe (./mvnw verify), whose configuration"
              + " in dynamo-test-maven-plugin/pom.xml sets it.");
    }
    return value;
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }
}

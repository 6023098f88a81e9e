package ai.dynamo.test.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A run of JUnit's own {@code ConsoleLauncher} in a JVM of its own, on this module's test class
 * path, as a user or an IDE runs it: its exit code and everything it printed. The history is off;
 * the reports go under {@code dir}.
 *
 * @param exitCode the launcher's exit code: 0 when every test passed and discovery did not fail
 * @param output what it printed, standard output and error together
 */
record ConsoleLauncherRun(int exitCode, String output) {

  /**
   * Runs the ConsoleLauncher's {@code execute} command with {@code options} (selectors, {@code
   * --config}), with {@code extraClassPath} in front of the class path (for a {@code
   * junit-platform.properties}), writing into {@code dir}.
   */
  static ConsoleLauncherRun execute(Path dir, List<Path> extraClassPath, String... options)
      throws IOException, InterruptedException {
    List<String> classPath = new ArrayList<>();
    extraClassPath.forEach(path -> classPath.add(path.toString()));
    classPath.add(System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add("org.junit.platform.console.ConsoleLauncher");
    command.add("execute");
    command.add("--disable-banner");
    command.add("--disable-ansi-colors");
    command.add("--details=tree");
    command.add("--config=dynamo.reports.dir=" + dir.resolve("reports"));
    command.add("--config=dynamo.history=off");
    command.addAll(List.of(options));
    Path output = Files.createTempFile(dir, "console", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ConsoleLauncher finished").isTrue();
      return new ConsoleLauncherRun(
          process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }
}

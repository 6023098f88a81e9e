package ai.dynamo.test.engine.requirements;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a probe command with a time limit and collects its output. */
final class ProcessRunner {

  /** The outcome of a command: its exit code (or -1 when it timed out) and its output. */
  record Result(int exitCode, String stdout, String stderr) {}

  private ProcessRunner() {}

  static Result run(List<String> command, long timeoutSeconds) throws IOException {
    Path stdout = Files.createTempFile("dynamo-probe", ".out");
    Path stderr = Files.createTempFile("dynamo-probe", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      boolean finished;
      try {
        finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        finished = false;
      }
      if (!finished) {
        process.destroyForcibly();
      }
      return new Result(
          finished ? process.exitValue() : -1,
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  /** The first line of {@code text}, for messages. */
  static String firstLine(String text) {
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
  }
}

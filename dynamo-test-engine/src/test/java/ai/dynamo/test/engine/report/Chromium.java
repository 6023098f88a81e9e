package ai.dynamo.test.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real headless Chromium (Debian's {@code chromium} package) opening a page from disk. */
final class Chromium {

  private Chromium() {}

  /** What Chromium printed: the DOM after scripts ran, with {@code --dump-dom}, and its log. */
  record Result(int exit, String stdout, String stderr) {

    List<String> consoleMessages() {
      return stderr.lines().filter(line -> line.contains(":CONSOLE")).toList();
    }
  }

  /**
   * Opens {@code page} with {@code action} ({@code --dump-dom}, {@code --screenshot=...}), with a
   * fresh profile under {@code scratch}.
   */
  static Result open(Path scratch, Path page, String... action)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(scratch, "profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile,
                "--window-size=1280,1100"));
    command.addAll(List.of(action));
    command.add(page.toAbsolutePath().toUri().toString());
    Path stdout = Files.createTempFile(scratch, "stdout", ".txt");
    Path stderr = Files.createTempFile(scratch, "stderr", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }
}

package ai.dynamo.test.engine.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * The files of the reports directory, written when a run ends. Each is rendered and written on its
 * own: one that cannot be written, for a full disk, a directory in its way or a bug in its
 * renderer, costs only that file. A run writes them when it ends; {@code MergeReports} writes the
 * summary it merged from shard runs the same way.
 */
@API(status = INTERNAL, since = "0.1")
public final class ReportFiles {

  static final String SUMMARY_MD = "summary.md";
  static final String SUMMARY_JSON = "summary.json";
  static final String REPORT_HTML = "report.html";

  private ReportFiles() {}

  /**
   * What writing the reports did.
   *
   * @param written the files written, in the order the console names them
   * @param failures the files that could not be written, each with why
   */
  public record Written(List<Path> written, List<Failure> failures) {}

  /**
   * A report file that could not be written.
   *
   * @param file the file
   * @param cause what went wrong
   */
  public record Failure(Path file, Exception cause) {

    /** One line for the console: the file, the exception's class and its root cause. */
    public String describe() {
      Throwable root = cause;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return "Could not write the report "
          + file.toAbsolutePath().normalize()
          + ": "
          + cause.getClass().getName()
          + ", root cause "
          + root.getClass().getName()
          + (root.getMessage() == null ? "" : ": " + SafeText.visible(root.getMessage()))
          + ".";
    }
  }

  /**
   * Writes the summary in its three forms and, when known, the run's plan again (tests that run
   * engines of their own, such as EngineTestKit, may have overwritten it meanwhile).
   */
  public static Written write(Path dir, Summary summary, Plan plan) {
    Map<String, Supplier<String>> files = new LinkedHashMap<>();
    if (plan != null) {
      files.put(ReportJson.PLAN_FILE, () -> ReportJson.write(plan));
    }
    files.put(SUMMARY_MD, () -> MarkdownSummary.render(summary));
    files.put(SUMMARY_JSON, () -> ReportJson.write(summary));
    files.put(REPORT_HTML, () -> HtmlReport.render(summary));
    List<Path> written = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    files.forEach(
        (name, content) -> {
          Path file = dir.resolve(name);
          try {
            writeFile(file, content.get());
            written.add(file);
          } catch (IOException | RuntimeException e) {
            failures.add(new Failure(file, e));
          }
        });
    return new Written(List.copyOf(written), List.copyOf(failures));
  }

  /**
   * Writes {@code content} as UTF-8, lone surrogates replaced by U+FFFD: a display name may hold
   * one, and {@code Files.writeString} refuses to encode it.
   */
  static void writeFile(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, SafeText.wellFormed(content).getBytes(StandardCharsets.UTF_8));
  }
}

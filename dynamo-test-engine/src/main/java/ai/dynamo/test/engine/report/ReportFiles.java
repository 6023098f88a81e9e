package ai.dynamo.test.engine.report;

import ai.dynamo.test.engine.plan.Plan;
import java.nio.file.Path;
import java.util.List;

/** The files of the reports directory, written together when a run ends. */
final class ReportFiles {

  static final String SUMMARY_MD = "summary.md";
  static final String SUMMARY_JSON = "summary.json";
  static final String REPORT_HTML = "report.html";

  private ReportFiles() {}

  /**
   * Writes the summary in its three forms and, when known, the run's plan again (tests that run
   * engines of their own, such as EngineTestKit, may have overwritten it meanwhile).
   *
   * @return the files written
   */
  static List<Path> write(Path dir, Summary summary, Plan plan) {
    if (plan != null) {
      ReportJson.writeFile(dir.resolve(ReportJson.PLAN_FILE), ReportJson.write(plan));
    }
    ReportJson.writeFile(dir.resolve(SUMMARY_JSON), ReportJson.write(summary));
    ReportJson.writeFile(dir.resolve(SUMMARY_MD), MarkdownSummary.render(summary));
    ReportJson.writeFile(dir.resolve(REPORT_HTML), HtmlReport.render(summary));
    return List.of(
        dir.resolve(ReportJson.PLAN_FILE),
        dir.resolve(SUMMARY_MD),
        dir.resolve(SUMMARY_JSON),
        dir.resolve(REPORT_HTML));
  }
}

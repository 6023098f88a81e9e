package ai.dynamo.test.engine.report;

import static ai.dynamo.test.engine.report.Html.esc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders a {@link Summary} as {@code report.html}: one self-contained page, with its CSS, script
 * and SVG charts inline, that opens from disk or as a CI artifact without network access. Charts
 * ({@link HtmlCharts}): durations by class, outcomes by type, the stage/type matrix, the budget and
 * the code coverage by type; then the tables ({@link HtmlTables}): the tests, the excluded and
 * flaky tests, the flip candidates, the budget, and the feature, documentation and code coverage.
 *
 * <p>The style sheet and the script are the resources {@code report.css} and {@code report.js} next
 * to this class, read once and inlined into every page.
 */
final class HtmlReport {

  private static final String STYLE = asset("report.css");
  private static final String SCRIPT = asset("report.js");

  private HtmlReport() {}

  static String render(Summary summary) {
    StringBuilder html = new StringBuilder();
    Summary.Counts totals = summary.totals();
    html.append(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>dynamo test report</title>
            <style>
            """)
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    html.append("<h1>dynamo test report")
        .append(summary.run().dryRun() ? " (dry run)" : "")
        .append("</h1>\n<p class=\"meta\">")
        .append(
            summary.run().selection().isEmpty()
                ? "Selection: every test"
                : "Selection: <code>" + esc(summary.run().selection()) + "</code>")
        .append(" · started ")
        .append(esc(summary.run().startedAt()))
        .append(" · ")
        .append(ReportText.seconds(summary.run().durationMillis()))
        .append(esc(ReportText.origin(summary.run())))
        .append("</p>\n");
    if (!ReportText.partial(summary.run()).isEmpty()) {
      html.append("<p class=\"partial\"><strong>")
          .append(esc(ReportText.partial(summary.run())))
          .append("</strong></p>\n");
    }
    html.append("<div class=\"cards\">\n");
    card(html, "tests", totals.tests(), "#455a64");
    card(html, "passed", totals.passed(), HtmlCharts.COLORS.get("passed"));
    card(html, "flaky", totals.flaky(), HtmlCharts.COLORS.get("flaky"));
    card(html, "failed", totals.failed(), HtmlCharts.COLORS.get("failed"));
    card(html, "aborted", totals.aborted(), HtmlCharts.COLORS.get("aborted"));
    card(html, "skipped", totals.skipped(), HtmlCharts.COLORS.get("skipped"));
    card(html, "excluded", totals.excluded(), "#607d8b");
    html.append("</div>\n<div class=\"charts\">\n");
    HtmlCharts.durationsByClass(html, summary.tests());
    HtmlCharts.outcomesByType(html, summary.tests());
    HtmlCharts.matrix(html, summary.matrix());
    HtmlCharts.budgetChart(html, summary.budget());
    HtmlCharts.coverageChart(html, summary.coverage());
    html.append("</div>\n");

    HtmlTables.tests(html, summary.tests());
    HtmlTables.foreign(html, summary.run());
    HtmlTables.excluded(html, summary.excluded());
    HtmlTables.flaky(html, summary.flaky());
    HtmlTables.flipCandidates(html, summary.flipCandidates());
    HtmlTables.budget(html, summary.budget());
    HtmlTables.coverage(html, "Feature coverage", "feature", summary.features());
    HtmlTables.coverage(html, "Documentation coverage", "page or section", summary.docs());
    HtmlTables.codeCoverage(html, summary.coverage());

    html.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void card(StringBuilder html, String label, int value, String color) {
    html.append("<div class=\"card\" style=\"background:")
        .append(color)
        .append("\"><b>")
        .append(value)
        .append("</b>")
        .append(label)
        .append("</div>\n");
  }

  /** The resource {@code name} next to this class, as text. */
  private static String asset(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "The HTML report's resource "
                + name
                + " is missing next to "
                + HtmlReport.class.getName()
                + "; the engine jar is incomplete, rebuild it.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the HTML report's resource " + name + ".", e);
    }
  }
}

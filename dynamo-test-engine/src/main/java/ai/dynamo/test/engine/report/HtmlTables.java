package ai.dynamo.test.engine.report;

import static ai.dynamo.test.engine.report.Html.esc;

import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.history.FlipCandidates;
import ai.dynamo.test.engine.report.Summary.CodeCoverage;
import ai.dynamo.test.engine.report.Summary.Coverage;
import ai.dynamo.test.engine.report.Summary.CoverageFigures;
import ai.dynamo.test.engine.report.Summary.CoverageItem;
import ai.dynamo.test.engine.report.Summary.Excluded;
import ai.dynamo.test.engine.report.Summary.TestResult;
import ai.dynamo.test.engine.report.Summary.TypeCoverage;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The tables of {@code report.html}: the tests (sortable, with a filter), the tests excluded at
 * discovery, the flaky tests, the flip candidates, the budget, and the feature, documentation and
 * code coverage.
 */
final class HtmlTables {

  private HtmlTables() {}

  static void tests(StringBuilder html, List<TestResult> tests) {
    html.append("<h2>Tests</h2>\n<input id=\"filter\" placeholder=\"Filter tests…\">\n");
    html.append(
        "<table id=\"tests\" class=\"sortable\"><thead><tr><th>test</th><th>stage</th><th>type</th>"
            + "<th>requires</th><th>outcome</th><th>duration (ms)</th></tr></thead><tbody>\n");
    for (TestResult test : tests) {
      html.append("<tr><td><code>")
          .append(esc(test.name()))
          .append("</code>")
          .append(
              test.runner() == null
                  ? ""
                  : " <span class=\"meta runner\">" + esc(test.runner()) + "</span>")
          .append(
              test.invocations() == 1
                  ? ""
                  : " <span class=\"meta\">" + test.invocations() + " invocations</span>")
          .append(
              test.message().isEmpty()
                  ? ""
                  : "<div class=\"msg\">" + esc(ReportText.firstLine(test.message())) + "</div>")
          .append("</td><td>")
          .append(esc(String.join(", ", test.stages())))
          .append("</td><td>")
          .append(esc(test.type() == null ? "(no type)" : test.type()))
          .append("</td><td>")
          .append(esc(String.join(", ", test.requirements())))
          .append("</td><td class=\"outcome-")
          .append(test.outcome())
          .append("\">")
          .append(test.outcome())
          .append("</td><td class=\"num\">")
          .append(test.durationMillis())
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  static void excluded(StringBuilder html, List<Excluded> excluded) {
    if (excluded.isEmpty()) {
      return;
    }
    html.append(
        "<h2>Excluded at discovery</h2>\n<table class=\"sortable\"><thead><tr><th>test</th>"
            + "<th>reason</th></tr></thead><tbody>\n");
    excluded.forEach(
        e ->
            html.append("<tr><td><code>")
                .append(esc(e.name()))
                .append("</code></td><td>")
                .append(esc(e.reason()))
                .append("</td></tr>\n"));
    html.append("</tbody></table>\n");
  }

  static void coverage(StringBuilder html, String title, String what, Coverage coverage) {
    if (coverage.items().isEmpty() && coverage.unknown().isEmpty()) {
      return;
    }
    html.append("<h2>").append(title).append("</h2>\n");
    if (!coverage.measured()) {
      html.append("<p class=\"meta\">No catalog configured: only what tests cite is listed.</p>\n");
    }
    html.append("<table class=\"sortable\"><thead><tr><th>")
        .append(what)
        .append("</th><th>stages</th><th>tests</th></tr></thead><tbody>\n");
    for (CoverageItem item : coverage.items()) {
      html.append("<tr><td><code>")
          .append(esc(item.name()))
          .append("</code>")
          .append(
              item.description().isEmpty()
                  ? ""
                  : "<div class=\"msg\">" + esc(item.description()) + "</div>")
          .append("</td><td>")
          .append(esc(String.join(", ", item.stages())))
          .append("</td><td>")
          .append(
              item.tests().isEmpty()
                  ? "<span class=\"outcome-failed\">not covered</span>"
                  : item.tests().stream()
                      .map(
                          t ->
                              "<code>"
                                  + esc(t.name())
                                  + "</code> <span class=\"outcome-"
                                  + t.outcome().replace(' ', '-')
                                  + "\">"
                                  + esc(t.outcome())
                                  + "</span>")
                      .collect(Collectors.joining("<br>")))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    for (Summary.Unknown unknown : coverage.unknown()) {
      html.append("<p class=\"outcome-failed\">Unknown ")
          .append(what)
          .append(" <code>")
          .append(esc(unknown.name()))
          .append("</code>, cited by ")
          .append(
              unknown.tests().stream()
                  .map(t -> "<code>" + esc(t) + "</code>")
                  .collect(Collectors.joining(", ")))
          .append("</p>\n");
    }
  }

  /** The JUnit XML reports of other runners merged in, with what the rules left open. */
  static void foreign(StringBuilder html, Summary.Run run) {
    if (run.merge() == null || run.merge().foreign() == null || run.merge().foreign().isEmpty()) {
      return;
    }
    html.append("<h2>Tests of other runners</h2>\n<table id=\"foreign\"><thead><tr>")
        .append("<th>runner</th><th>report</th><th>tests</th><th>unclassified</th>")
        .append("<th>markers no rule maps</th></tr></thead><tbody>\n");
    for (Summary.ForeignReport report : run.merge().foreign()) {
      html.append("<tr><td>")
          .append(esc(report.runner()))
          .append("</td><td><code>")
          .append(esc(report.file()))
          .append("</code></td><td class=\"num\">")
          .append(report.tests())
          .append("</td><td class=\"num\">")
          .append(report.unclassified())
          .append("</td><td>")
          .append(
              esc(
                  report.unmappedMarkers().isEmpty()
                      ? "none"
                      : String.join(", ", report.unmappedMarkers())))
          .append("</td></tr>\n");
    }
    html.append(
        "</tbody></table>\n<p class=\"meta\">The tests without a stage or a type, and the"
            + " markers no rule maps, are listed in <code>foreign-unclassified.txt</code>.</p>\n");
  }

  static void flaky(StringBuilder html, List<Summary.FlakyTest> flaky) {
    if (flaky.isEmpty()) {
      return;
    }
    html.append("<h2>Flaky tests (")
        .append(flaky.size())
        .append(")</h2>\n<table id=\"flaky\" class=\"sortable\"><thead><tr><th>test</th>")
        .append("<th>type</th><th>outcome</th><th>what the retries saw</th></tr></thead><tbody>\n");
    for (Summary.FlakyTest test : flaky) {
      html.append("<tr><td><code>")
          .append(esc(test.name()))
          .append("</code></td><td>")
          .append(esc(test.type() == null ? "(no type)" : test.type()))
          .append("</td><td class=\"outcome-")
          .append(test.quarantined() ? "aborted\">quarantined" : "flaky\">passed on retry")
          .append("</td><td class=\"msg\">")
          .append(esc(ReportText.firstLine(test.message())))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  static void flipCandidates(StringBuilder html, List<Summary.FlipCandidate> candidates) {
    if (candidates.isEmpty()) {
      html.append("<h2>Flip candidates</h2>\n<p>none</p>\n");
      return;
    }
    html.append("<h2>Flip candidates (")
        .append(candidates.size())
        .append(")</h2>\n<table id=\"flip-candidates\" class=\"sortable\"><thead><tr>")
        .append("<th>test</th><th>revision</th><th>passed</th><th>failed</th><th>flaky</th>")
        .append("</tr></thead><tbody>\n");
    for (Summary.FlipCandidate candidate : candidates) {
      html.append("<tr><td><code>")
          .append(esc(candidate.test()))
          .append("</code></td><td><code>")
          .append(esc(FlipCandidates.abbreviated(candidate.revision())))
          .append("</code></td><td class=\"num\">")
          .append(candidate.passed())
          .append("</td><td class=\"num\">")
          .append(candidate.failed())
          .append("</td><td class=\"num\">")
          .append(candidate.flaky())
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  static void budget(StringBuilder html, Summary.Budget budget) {
    html.append("<h2>Budget</h2>\n<table id=\"budget\"><thead><tr><th>budget</th><th>planned</th>")
        .append("<th>elapsed</th><th>used</th></tr></thead><tbody>\n<tr><td>")
        .append(esc(ReportText.budgetText(budget)))
        .append("</td><td class=\"num\">")
        .append(esc(ReportText.plannedText(budget)))
        .append("</td><td class=\"num\">")
        .append(Durations.format(budget.elapsedMillis()))
        .append("</td><td class=\"num\">")
        .append(ReportText.usedText(budget))
        .append("</td></tr>\n</tbody></table>\n");
    if (budget.plannedMillis() != null) {
      html.append(
          String.format(
              Locale.ROOT,
              "<p class=\"meta\">Planned: the expected durations of the %d tests of the run, %d"
                  + " recorded in the history, %d estimated from their type.</p>\n",
              budget.plannedFromHistory() + budget.plannedByType(),
              budget.plannedFromHistory(),
              budget.plannedByType()));
    }
    if (!budget.notStarted().isEmpty()) {
      html.append("<p>Not started because the budget was spent (")
          .append(budget.notStarted().size())
          .append("):</p>\n<ul>\n");
      budget
          .notStarted()
          .forEach(name -> html.append("<li><code>").append(esc(name)).append("</code></li>\n"));
      html.append("</ul>\n");
    }
  }

  static void codeCoverage(StringBuilder html, CodeCoverage coverage) {
    html.append("<h2>Code coverage by test type</h2>\n");
    if (!coverage.measured()) {
      html.append("<p class=\"meta\">").append(esc(coverage.reason())).append("</p>\n");
      return;
    }
    html.append(
        "<table id=\"code-coverage\" class=\"sortable\"><thead><tr><th>type</th><th>lines (%)</th>"
            + "<th>lines</th><th>branches (%)</th><th>branches</th><th>minimum</th></tr></thead>"
            + "<tbody>\n");
    for (TypeCoverage type : coverage.types()) {
      coverageRow(html, esc(type.type()), type.figures(), type);
    }
    coverageRow(html, "<b>combined</b>", coverage.combined(), null);
    html.append("</tbody></table>\n");
    if (!coverage.belowMinimum().isEmpty()) {
      html.append("<ul class=\"below\">\n");
      coverage
          .belowMinimum()
          .forEach(line -> html.append("<li>").append(esc(line)).append("</li>\n"));
      html.append("</ul>\n");
    }
    if (coverage.slowOnly().isEmpty()) {
      html.append("<p class=\"meta\">No line is reached only by slow (non-unit) test types.</p>\n");
    } else {
      html.append(
          "<h3>Reached only by slow test types (not by unit tests)</h3>\n<table class=\"sortable\">"
              + "<thead><tr><th>class</th><th>lines</th><th>line numbers</th></tr></thead><tbody>\n");
      for (Summary.SlowOnly slow : coverage.slowOnly()) {
        html.append("<tr><td><code>")
            .append(esc(slow.className()))
            .append("</code></td><td class=\"num\">")
            .append(slow.lines().size())
            .append("</td><td class=\"msg\">")
            .append(ReportText.lineRanges(slow.lines()))
            .append("</td></tr>\n");
      }
      html.append("</tbody></table>\n");
    }
  }

  static void coverageRow(StringBuilder html, String label, CoverageFigures f, TypeCoverage type) {
    html.append(
        String.format(
            Locale.ROOT,
            "<tr><td>%s</td><td class=\"num%s\">%s</td><td class=\"num\">%d/%d</td>"
                + "<td class=\"num\">%s</td><td class=\"num\">%d/%d</td><td class=\"num\">%s</td></tr>\n",
            label,
            type != null && type.belowMinimum() ? " below" : "",
            ReportText.percent(f.lineRatio()),
            f.linesCovered(),
            f.lines(),
            ReportText.percent(f.branchRatio()),
            f.branchesCovered(),
            f.branches(),
            type == null || type.minimum() == null
                ? ""
                : ReportText.percent(type.minimum()) + (type.belowMinimum() ? " (below)" : "")));
  }
}

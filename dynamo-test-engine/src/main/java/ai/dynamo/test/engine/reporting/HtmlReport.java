package ai.dynamo.test.engine.reporting;

import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.history.FlipCandidates;
import ai.dynamo.test.engine.reporting.Summary.CodeCoverage;
import ai.dynamo.test.engine.reporting.Summary.Coverage;
import ai.dynamo.test.engine.reporting.Summary.CoverageFigures;
import ai.dynamo.test.engine.reporting.Summary.CoverageItem;
import ai.dynamo.test.engine.reporting.Summary.MatrixCell;
import ai.dynamo.test.engine.reporting.Summary.TestResult;
import ai.dynamo.test.engine.reporting.Summary.TypeCoverage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders a {@link Summary} as {@code report.html}: one self-contained page, with its CSS, script
 * and SVG charts inline, that opens from disk or as a CI artifact without network access. Charts:
 * durations by class, outcomes by type, the stage/type matrix, the budget and the code coverage by
 * type; then the tests, the excluded and flaky tests, the flip candidates, the budget, and the
 * feature, documentation and code coverage as tables.
 */
final class HtmlReport {

  static final String[] OUTCOMES = {"passed", "flaky", "failed", "aborted", "skipped"};
  private static final Map<String, String> COLORS =
      Map.of(
          "passed", "#2e7d32",
          "flaky", "#8e24aa",
          "failed", "#c62828",
          "aborted", "#ef6c00",
          "skipped", "#9e9e9e");
  private static final int MAX_CLASSES = 20;

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
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#212121;max-width:1200px}
        h1{font-size:1.6em;margin-bottom:4px} h2{font-size:1.2em;margin-top:32px;border-bottom:1px solid #ddd}
        .meta{color:#616161} .cards{display:flex;gap:12px;margin:16px 0;flex-wrap:wrap}
        .card{border-radius:6px;padding:10px 16px;color:#fff;min-width:90px}
        .card b{display:block;font-size:1.6em}
        table{border-collapse:collapse;width:100%;font-size:.9em}
        th,td{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top}
        th{cursor:pointer;background:#fafafa;user-select:none} td.num{text-align:right}
        .outcome-passed{color:#2e7d32}.outcome-failed{color:#c62828;font-weight:bold}
        .outcome-aborted{color:#ef6c00}.outcome-skipped{color:#757575}.outcome-flaky{color:#8e24aa}
        .below{color:#c62828;font-weight:bold}
        .charts{display:flex;flex-wrap:wrap;gap:24px} .chart{border:1px solid #eee;border-radius:6px;padding:8px}
        code{font-size:.95em} input{padding:4px 8px;margin:8px 0;width:320px}
        .msg{color:#616161;font-size:.9em;white-space:pre-wrap}
        </style>
        </head>
        <body>
        """);
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
        .append(MarkdownSummary.seconds(summary.run().durationMillis()))
        .append("</p>\n<div class=\"cards\">\n");
    card(html, "tests", totals.tests(), "#455a64");
    card(html, "passed", totals.passed(), COLORS.get("passed"));
    card(html, "flaky", totals.flaky(), COLORS.get("flaky"));
    card(html, "failed", totals.failed(), COLORS.get("failed"));
    card(html, "aborted", totals.aborted(), COLORS.get("aborted"));
    card(html, "skipped", totals.skipped(), COLORS.get("skipped"));
    card(html, "excluded", totals.excluded(), "#607d8b");
    html.append("</div>\n<div class=\"charts\">\n");
    durationsByClass(html, summary.tests());
    outcomesByType(html, summary.tests());
    matrix(html, summary.matrix());
    budgetChart(html, summary.budget());
    coverageChart(html, summary.coverage());
    html.append("</div>\n");

    html.append("<h2>Tests</h2>\n<input id=\"filter\" placeholder=\"Filter tests…\">\n");
    html.append(
        "<table id=\"tests\" class=\"sortable\"><thead><tr><th>test</th><th>stage</th><th>type</th>"
            + "<th>requires</th><th>outcome</th><th>duration (ms)</th></tr></thead><tbody>\n");
    for (TestResult test : summary.tests()) {
      html.append("<tr><td><code>")
          .append(esc(test.name()))
          .append("</code>")
          .append(
              test.message().isEmpty()
                  ? ""
                  : "<div class=\"msg\">"
                      + esc(MarkdownSummary.firstLine(test.message()))
                      + "</div>")
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

    if (!summary.excluded().isEmpty()) {
      html.append(
          "<h2>Excluded at discovery</h2>\n<table class=\"sortable\"><thead><tr><th>test</th>"
              + "<th>reason</th></tr></thead><tbody>\n");
      summary
          .excluded()
          .forEach(
              e ->
                  html.append("<tr><td><code>")
                      .append(esc(e.name()))
                      .append("</code></td><td>")
                      .append(esc(e.reason()))
                      .append("</td></tr>\n"));
      html.append("</tbody></table>\n");
    }
    flaky(html, summary.flaky());
    flipCandidates(html, summary.flipCandidates());
    budget(html, summary.budget());
    coverage(html, "Feature coverage", "feature", summary.features());
    coverage(html, "Documentation coverage", "page or section", summary.docs());
    codeCoverage(html, summary.coverage());

    html.append(
        """
        <script>
        (function () {
          function sortTable(table, column) {
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var ascending = table.dataset.sortColumn !== String(column) || table.dataset.sortOrder !== "asc";
            rows.sort(function (a, b) {
              var x = a.cells[column].textContent, y = b.cells[column].textContent;
              var nx = parseFloat(x), ny = parseFloat(y);
              var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
            table.dataset.sortColumn = String(column);
            table.dataset.sortOrder = ascending ? "asc" : "desc";
          }
          document.querySelectorAll("table.sortable").forEach(function (table) {
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
              th.addEventListener("click", function () { sortTable(table, i); });
            });
          });
          var filter = document.getElementById("filter");
          filter.addEventListener("input", function () {
            var text = filter.value.toLowerCase();
            Array.prototype.forEach.call(document.getElementById("tests").tBodies[0].rows, function (row) {
              row.style.display = row.textContent.toLowerCase().indexOf(text) >= 0 ? "" : "none";
            });
          });
          // A chart the browser laid out has a non-empty box: data-drawn says so.
          document.querySelectorAll("svg[id^='chart-']").forEach(function (svg) {
            var box = svg.getBBox();
            svg.dataset.drawn = String(box.width > 0 && box.height > 0);
          });
          document.documentElement.dataset.ready = "true";
        })();
        </script>
        </body>
        </html>
        """);
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

  private static void durationsByClass(StringBuilder html, List<TestResult> tests) {
    Map<String, Long> byClass = new LinkedHashMap<>();
    tests.forEach(t -> byClass.merge(t.className(), t.durationMillis(), Long::sum));
    List<Map.Entry<String, Long>> top =
        byClass.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(MAX_CLASSES)
            .toList();
    long max = Math.max(1, top.stream().mapToLong(Map.Entry::getValue).max().orElse(1));
    int rowHeight = 22;
    int width = 560;
    int labelWidth = 260;
    int height = 30 + rowHeight * Math.max(1, top.size());
    html.append("<div class=\"chart\"><svg id=\"chart-durations\"")
        .append(String.format(Locale.ROOT, " width=\"%d\" height=\"%d\"", width, height))
        .append(" role=\"img\" aria-label=\"Durations by class\">\n")
        .append("<text x=\"0\" y=\"16\" font-weight=\"bold\">Durations by class</text>\n");
    int y = 26;
    for (Map.Entry<String, Long> entry : top) {
      int bar = (int) Math.max(1, (width - labelWidth - 70) * entry.getValue() / max);
      String simple = entry.getKey().substring(entry.getKey().lastIndexOf('.') + 1);
      html.append(
          String.format(
              Locale.ROOT,
              "<g class=\"bar\"><title>%s: %d ms</title><text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#1565c0\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text></g>\n",
              esc(entry.getKey()),
              entry.getValue(),
              y + 12,
              esc(shorten(simple, 36)),
              labelWidth,
              y,
              bar,
              labelWidth + bar + 4,
              y + 12,
              MarkdownSummary.seconds(entry.getValue())));
      y += rowHeight;
    }
    html.append("</svg></div>\n");
  }

  private static void outcomesByType(StringBuilder html, List<TestResult> tests) {
    Map<String, Map<String, Integer>> byType = new LinkedHashMap<>();
    tests.stream()
        .sorted(java.util.Comparator.comparing(t -> t.type() == null ? "~" : t.type()))
        .forEach(
            t ->
                byType
                    .computeIfAbsent(
                        t.type() == null ? "(no type)" : t.type(), k -> new LinkedHashMap<>())
                    .merge(t.outcome(), 1, Integer::sum));
    int max =
        Math.max(
            1,
            byType.values().stream()
                .mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum())
                .max()
                .orElse(1));
    int width = 480;
    int labelWidth = 150;
    int rowHeight = 24;
    int height = 56 + rowHeight * Math.max(1, byType.size());
    html.append("<div class=\"chart\"><svg id=\"chart-outcomes\"")
        .append(String.format(Locale.ROOT, " width=\"%d\" height=\"%d\"", width, height))
        .append(" role=\"img\" aria-label=\"Outcomes by type\">\n")
        .append("<text x=\"0\" y=\"16\" font-weight=\"bold\">Outcomes by type</text>\n");
    int y = 26;
    for (Map.Entry<String, Map<String, Integer>> entry : byType.entrySet()) {
      html.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>\n",
              y + 13,
              esc(entry.getKey())));
      int x = labelWidth;
      for (String outcome : OUTCOMES) {
        int count = entry.getValue().getOrDefault(outcome, 0);
        if (count == 0) {
          continue;
        }
        int w = Math.max(2, (width - labelWidth - 20) * count / max);
        html.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"segment-%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\">"
                    + "<title>%s %s: %d</title></rect>\n",
                outcome,
                x,
                y,
                w,
                COLORS.get(outcome),
                esc(entry.getKey()),
                outcome,
                count));
        x += w;
      }
      y += rowHeight;
    }
    int x = 0;
    for (String outcome : OUTCOMES) {
      html.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n",
              x,
              y + 8,
              COLORS.get(outcome),
              x + 16,
              y + 18,
              outcome));
      x += 90;
    }
    html.append("</svg></div>\n");
  }

  private static void matrix(StringBuilder html, List<MatrixCell> cells) {
    Set<String> stages = new LinkedHashSet<>();
    Set<String> types = new LinkedHashSet<>();
    cells.forEach(
        c -> {
          stages.add(c.stage());
          types.add(c.type());
        });
    List<String> typeList = new ArrayList<>(types);
    List<String> stageList = new ArrayList<>(stages);
    int max = Math.max(1, cells.stream().mapToInt(MatrixCell::total).max().orElse(1));
    int cellWidth = 96;
    int cellHeight = 30;
    int labelWidth = 170;
    int top = 44;
    int width = labelWidth + cellWidth * Math.max(1, typeList.size()) + 8;
    int height = top + cellHeight * Math.max(1, stageList.size()) + 8;
    html.append("<div class=\"chart\"><svg id=\"chart-matrix\"")
        .append(String.format(Locale.ROOT, " width=\"%d\" height=\"%d\"", width, height))
        .append(" role=\"img\" aria-label=\"Tests by stage and type\">\n")
        .append("<text x=\"0\" y=\"16\" font-weight=\"bold\">Stage × type</text>\n");
    for (int i = 0; i < typeList.size(); i++) {
      html.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"38\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n",
              labelWidth + i * cellWidth + cellWidth / 2,
              esc(shorten(typeList.get(i), 14))));
    }
    for (int r = 0; r < stageList.size(); r++) {
      html.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>\n",
              top + r * cellHeight + 19,
              esc(shorten(stageList.get(r), 26))));
    }
    for (MatrixCell cell : cells) {
      int column = typeList.indexOf(cell.type());
      int row = stageList.indexOf(cell.stage());
      double intensity = 0.15 + 0.85 * cell.total() / max;
      boolean failing = cell.failed() + cell.aborted() > 0;
      html.append(
          String.format(
              Locale.ROOT,
              "<g class=\"cell\"><title>%s / %s: %d passed, %d flaky, %d failed, %d aborted,"
                  + " %d skipped</title>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.2f\""
                  + " stroke=\"#fff\"/><text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\""
                  + " fill=\"#000\">%d</text></g>\n",
              esc(cell.stage()),
              esc(cell.type()),
              cell.passed(),
              cell.flaky(),
              cell.failed(),
              cell.aborted(),
              cell.skipped(),
              labelWidth + column * cellWidth,
              top + row * cellHeight,
              cellWidth,
              cellHeight,
              failing ? COLORS.get("failed") : "#1565c0",
              intensity,
              labelWidth + column * cellWidth + cellWidth / 2,
              top + row * cellHeight + 20,
              cell.total()));
    }
    html.append("</svg></div>\n");
  }

  private static void coverage(StringBuilder html, String title, String what, Coverage coverage) {
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

  private static void flaky(StringBuilder html, List<Summary.FlakyTest> flaky) {
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
          .append(esc(MarkdownSummary.firstLine(test.message())))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private static void flipCandidates(StringBuilder html, List<Summary.FlipCandidate> candidates) {
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

  private static void budget(StringBuilder html, Summary.Budget budget) {
    html.append("<h2>Budget</h2>\n<table id=\"budget\"><thead><tr><th>budget</th><th>planned</th>")
        .append("<th>elapsed</th><th>used</th></tr></thead><tbody>\n<tr><td>")
        .append(esc(MarkdownSummary.budgetText(budget)))
        .append("</td><td class=\"num\">")
        .append(esc(MarkdownSummary.plannedText(budget)))
        .append("</td><td class=\"num\">")
        .append(Durations.format(budget.elapsedMillis()))
        .append("</td><td class=\"num\">")
        .append(MarkdownSummary.usedText(budget))
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

  /** Budget, planned and elapsed time as bars on one scale; nothing when neither is known. */
  private static void budgetChart(StringBuilder html, Summary.Budget budget) {
    if (!budget.isSet() && budget.plannedMillis() == null) {
      return;
    }
    List<Map.Entry<String, Long>> bars = new ArrayList<>();
    if (budget.isSet()) {
      bars.add(Map.entry("budget", budget.budgetMillis()));
    }
    if (budget.plannedMillis() != null) {
      bars.add(Map.entry("planned", budget.plannedMillis()));
    }
    bars.add(Map.entry("elapsed", budget.elapsedMillis()));
    long max = Math.max(1, bars.stream().mapToLong(Map.Entry::getValue).max().orElse(1));
    int width = 420;
    int labelWidth = 80;
    int rowHeight = 24;
    html.append("<div class=\"chart\"><svg id=\"chart-budget\"")
        .append(
            String.format(
                Locale.ROOT, " width=\"%d\" height=\"%d\"", width, 34 + rowHeight * bars.size()))
        .append(" role=\"img\" aria-label=\"Budget\">\n")
        .append("<text x=\"0\" y=\"16\" font-weight=\"bold\">Budget")
        .append(budget.isSet() ? ": " + MarkdownSummary.usedText(budget) + " used" : ": none set")
        .append("</text>\n");
    int y = 26;
    for (Map.Entry<String, Long> bar : bars) {
      boolean over =
          budget.isSet()
              && !bar.getKey().equals("budget")
              && bar.getValue() > budget.budgetMillis();
      int w = (int) Math.max(1, (width - labelWidth - 80) * bar.getValue() / max);
      html.append(
          String.format(
              Locale.ROOT,
              "<g class=\"budget-bar\"><title>%s: %s</title><text x=\"0\" y=\"%d\""
                  + " font-size=\"12\">%s</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\""
                  + " fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text></g>\n",
              bar.getKey(),
              Durations.format(bar.getValue()),
              y + 12,
              bar.getKey(),
              labelWidth,
              y,
              w,
              bar.getKey().equals("budget") ? "#607d8b" : over ? COLORS.get("failed") : "#1565c0",
              labelWidth + w + 4,
              y + 12,
              Durations.format(bar.getValue())));
      y += rowHeight;
    }
    html.append("</svg></div>\n");
  }

  /**
   * Line and branch coverage of each type and combined, as pairs of bars on a 0-100% scale with the
   * type's minimum marked; nothing when coverage was not measured.
   */
  private static void coverageChart(StringBuilder html, CodeCoverage coverage) {
    if (!coverage.measured()) {
      return;
    }
    List<TypeCoverage> rows = new ArrayList<>(coverage.types());
    rows.add(new TypeCoverage("combined", coverage.combined(), null, false));
    int width = 480;
    int labelWidth = 110;
    int scale = width - labelWidth - 60;
    int rowHeight = 36;
    int height = 52 + rowHeight * rows.size();
    html.append("<div class=\"chart\"><svg id=\"chart-coverage\"")
        .append(String.format(Locale.ROOT, " width=\"%d\" height=\"%d\"", width, height))
        .append(" role=\"img\" aria-label=\"Code coverage by test type\">\n")
        .append("<text x=\"0\" y=\"16\" font-weight=\"bold\">Code coverage by type</text>\n");
    int y = 26;
    for (TypeCoverage row : rows) {
      CoverageFigures f = row.figures();
      html.append(
          String.format(
              Locale.ROOT,
              "<g class=\"coverage-bar\"><title>%s: %s lines (%d/%d), %s branches (%d/%d)</title>"
                  + "<text x=\"0\" y=\"%d\" font-size=\"12\"%s>%s</text>"
                  + "<rect class=\"lines\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>"
                  + "<rect class=\"branches\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"10\""
                  + " fill=\"#90caf9\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
              esc(row.type()),
              MarkdownSummary.percent(f.lineRatio()),
              f.linesCovered(),
              f.lines(),
              MarkdownSummary.percent(f.branchRatio()),
              f.branchesCovered(),
              f.branches(),
              y + 14,
              row.type().equals("combined") ? " font-weight=\"bold\"" : "",
              esc(shorten(row.type(), 16)),
              labelWidth,
              y,
              Math.max(1, (int) Math.round(scale * f.lineRatio())),
              row.belowMinimum() ? COLORS.get("failed") : "#1565c0",
              labelWidth + Math.max(1, (int) Math.round(scale * f.lineRatio())) + 4,
              y + 12,
              MarkdownSummary.percent(f.lineRatio()),
              labelWidth,
              y + 16,
              Math.max(1, (int) Math.round(scale * f.branchRatio())),
              labelWidth + Math.max(1, (int) Math.round(scale * f.branchRatio())) + 4,
              y + 25,
              MarkdownSummary.percent(f.branchRatio())));
      if (row.minimum() != null) {
        int x = labelWidth + (int) Math.round(scale * row.minimum());
        html.append(
            String.format(
                Locale.ROOT,
                "<line class=\"minimum\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
                    + " stroke=\"#000\" stroke-dasharray=\"3,2\"><title>minimum %s</title></line>",
                x,
                y - 2,
                x,
                y + 28,
                MarkdownSummary.percent(row.minimum())));
      }
      html.append("</g>\n");
      y += rowHeight;
    }
    html.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"0\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#1565c0\"/>"
                + "<text x=\"16\" y=\"%d\" font-size=\"12\">lines</text>"
                + "<rect x=\"70\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#90caf9\"/>"
                + "<text x=\"86\" y=\"%d\" font-size=\"12\">branches</text>"
                + "<line x1=\"160\" y1=\"%d\" x2=\"160\" y2=\"%d\" stroke=\"#000\""
                + " stroke-dasharray=\"3,2\"/><text x=\"166\" y=\"%d\" font-size=\"12\">minimum</text>\n",
            y + 6,
            y + 16,
            y + 6,
            y + 16,
            y + 4,
            y + 18,
            y + 16));
    html.append("</svg></div>\n");
  }

  private static void codeCoverage(StringBuilder html, CodeCoverage coverage) {
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
            .append(MarkdownSummary.lineRanges(slow.lines()))
            .append("</td></tr>\n");
      }
      html.append("</tbody></table>\n");
    }
  }

  private static void coverageRow(
      StringBuilder html, String label, CoverageFigures f, TypeCoverage type) {
    html.append(
        String.format(
            Locale.ROOT,
            "<tr><td>%s</td><td class=\"num%s\">%s</td><td class=\"num\">%d/%d</td>"
                + "<td class=\"num\">%s</td><td class=\"num\">%d/%d</td><td class=\"num\">%s</td></tr>\n",
            label,
            type != null && type.belowMinimum() ? " below" : "",
            MarkdownSummary.percent(f.lineRatio()),
            f.linesCovered(),
            f.lines(),
            MarkdownSummary.percent(f.branchRatio()),
            f.branchesCovered(),
            f.branches(),
            type == null || type.minimum() == null
                ? ""
                : MarkdownSummary.percent(type.minimum())
                    + (type.belowMinimum() ? " (below)" : "")));
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

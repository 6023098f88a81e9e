package ai.dynamo.test.engine.report;

import static ai.dynamo.test.engine.report.Html.esc;
import static ai.dynamo.test.engine.report.Html.shorten;

import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.report.Summary.CodeCoverage;
import ai.dynamo.test.engine.report.Summary.CoverageFigures;
import ai.dynamo.test.engine.report.Summary.MatrixCell;
import ai.dynamo.test.engine.report.Summary.TestResult;
import ai.dynamo.test.engine.report.Summary.TypeCoverage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SVG charts of {@code report.html}, drawn on the server so that the page needs no charting
 * library: durations by class, outcomes by type, the stage/type matrix, the budget and the code
 * coverage by type. Each chart is an {@code <svg id="chart-...">} the page's script checks was laid
 * out.
 */
final class HtmlCharts {

  static final String[] OUTCOMES = {"passed", "flaky", "failed", "aborted", "skipped"};
  static final Map<String, String> COLORS =
      Map.of(
          "passed", "#2e7d32",
          "flaky", "#8e24aa",
          "failed", "#c62828",
          "aborted", "#ef6c00",
          "skipped", "#9e9e9e");
  private static final int MAX_CLASSES = 20;

  private HtmlCharts() {}

  static void durationsByClass(StringBuilder html, List<TestResult> tests) {
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
    open(html, "durations", width, height, "Durations by class", "Durations by class");
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
              ReportText.seconds(entry.getValue())));
      y += rowHeight;
    }
    html.append("</svg></div>\n");
  }

  static void outcomesByType(StringBuilder html, List<TestResult> tests) {
    Map<String, Map<String, Integer>> byType = new LinkedHashMap<>();
    tests.stream()
        .sorted(Comparator.comparing(t -> t.type() == null ? "~" : t.type()))
        .forEach(
            t ->
                byType
                    .computeIfAbsent(
                        t.type() == null ? "(no type)" : t.type(), k -> new LinkedHashMap<>())
                    .merge(t.outcome(), t.invocations(), Integer::sum));
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
    open(html, "outcomes", width, height, "Outcomes by type", "Outcomes by type");
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

  static void matrix(StringBuilder html, List<MatrixCell> cells) {
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
    open(html, "matrix", width, height, "Tests by stage and type", "Stage × type");
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
      boolean failing = cell.failed() > 0;
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

  /** Budget, planned and elapsed time as bars on one scale; nothing when neither is known. */
  static void budgetChart(StringBuilder html, Summary.Budget budget) {
    if (!budget.isSet() && budget.plannedMillis() == null) {
      return;
    }
    List<Map.Entry<String, Long>> bars = new ArrayList<>();
    if (budget.isSet()) {
      bars.add(Map.entry("budget", budget.budgetMillis()));
    }
    if (budget.plannedMillis() != null) {
      bars.add(Map.entry(ReportText.plannedLabel(budget), budget.plannedMillis()));
    }
    bars.add(Map.entry("elapsed", budget.elapsedMillis()));
    long max = Math.max(1, bars.stream().mapToLong(Map.Entry::getValue).max().orElse(1));
    int width = 420;
    int labelWidth = 80;
    int rowHeight = 24;
    open(
        html,
        "budget",
        width,
        34 + rowHeight * bars.size(),
        "Budget",
        "Budget" + (budget.isSet() ? ": " + ReportText.usedText(budget) + " used" : ": none set"));
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
  static void coverageChart(StringBuilder html, CodeCoverage coverage) {
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
    open(html, "coverage", width, height, "Code coverage by test type", "Code coverage by type");
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
              ReportText.percent(f.lineRatio()),
              f.linesCovered(),
              f.lines(),
              ReportText.percent(f.branchRatio()),
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
              ReportText.percent(f.lineRatio()),
              labelWidth,
              y + 16,
              Math.max(1, (int) Math.round(scale * f.branchRatio())),
              labelWidth + Math.max(1, (int) Math.round(scale * f.branchRatio())) + 4,
              y + 25,
              ReportText.percent(f.branchRatio())));
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
                ReportText.percent(row.minimum())));
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

  /**
   * Opens a chart: {@code <div class="chart"><svg id="chart-<id>">} with its accessible label and
   * its title as the first line; the chart closes with {@code </svg></div>}.
   */
  private static void open(
      StringBuilder html, String id, int width, int height, String label, String title) {
    html.append("<div class=\"chart\"><svg id=\"chart-")
        .append(id)
        .append('"')
        .append(String.format(Locale.ROOT, " width=\"%d\" height=\"%d\"", width, height))
        .append(" role=\"img\" aria-label=\"")
        .append(label)
        .append("\">\n<text x=\"0\" y=\"16\" font-weight=\"bold\">")
        .append(title)
        .append("</text>\n");
  }
}

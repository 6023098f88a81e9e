package ai.dynamo.test.engine.report;

import static ai.dynamo.test.engine.report.ReportText.lineRanges;
import static ai.dynamo.test.engine.report.ReportText.percent;

import ai.dynamo.test.engine.report.Summary.CodeCoverage;
import ai.dynamo.test.engine.report.Summary.Coverage;
import ai.dynamo.test.engine.report.Summary.CoverageFigures;
import ai.dynamo.test.engine.report.Summary.CoverageItem;
import ai.dynamo.test.engine.report.Summary.TypeCoverage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The coverage sections of {@code summary.md}: which features and doc sections tests cover, and the
 * code coverage by test type with the lines only slow test types reach.
 */
final class MarkdownCoverage {

  private MarkdownCoverage() {}

  static void coverage(StringBuilder md, String title, Coverage coverage, String what) {
    if (coverage.items().isEmpty() && coverage.unknown().isEmpty()) {
      return;
    }
    md.append("## ").append(title).append("\n\n");
    if (coverage.measured()) {
      md.append(coverage.items().size() - coverage.uncovered().size())
          .append(" of ")
          .append(coverage.items().size())
          .append(" covered by tests.\n\n");
    } else {
      md.append("No catalog configured: only what tests cite is listed.\n\n");
    }
    md.append("| ").append(what).append(" | stages | tests |\n|---|---|---|\n");
    for (CoverageItem item : coverage.items()) {
      if (item.tests().isEmpty()) {
        continue;
      }
      md.append("| ")
          .append(Markdown.cell(item.name()))
          .append(" | ")
          .append(Markdown.cell(String.join(", ", item.stages())))
          .append(" | ")
          .append(covering(item.tests()))
          .append(" |\n");
    }
    md.append("\n");
    if (!coverage.uncovered().isEmpty()) {
      md.append("Not covered by any test (")
          .append(coverage.uncovered().size())
          .append("): ")
          .append(
              coverage.uncovered().stream().map(Markdown::code).collect(Collectors.joining(", ")))
          .append("\n\n");
    }
    for (Summary.Unknown unknown : coverage.unknown()) {
      md.append("⚠️ Unknown ")
          .append(what)
          .append(" ")
          .append(Markdown.code(unknown.name()))
          .append(", cited by ")
          .append(unknown.tests().stream().map(Markdown::code).collect(Collectors.joining(", ")))
          .append("\n\n");
    }
  }

  /** "3 tests: 2 passed, 1 not run": the names are in summary.json and report.html. */
  private static String covering(List<Summary.CoveringTest> tests) {
    Map<String, Long> byOutcome =
        tests.stream()
            .collect(
                Collectors.groupingBy(
                    Summary.CoveringTest::outcome, TreeMap::new, Collectors.counting()));
    return tests.size()
        + (tests.size() == 1 ? " test: " : " tests: ")
        + byOutcome.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
  }

  static void codeCoverage(StringBuilder md, CodeCoverage coverage) {
    md.append("## Coverage by test type\n\n");
    if (!coverage.measured()) {
      md.append(Markdown.text(coverage.reason())).append("\n");
      return;
    }
    md.append("| Type | Lines | Branches | Minimum |\n|---|---|---|---|\n");
    for (TypeCoverage type : coverage.types()) {
      md.append(
          coverageRow(
              Markdown.cell(type.type()),
              type.figures(),
              type.minimum() == null
                  ? ""
                  : percent(type.minimum()) + (type.belowMinimum() ? " ❌ below" : "")));
    }
    md.append(coverageRow("**combined**", coverage.combined(), "")).append("\n");
    if (coverage.slowOnly().isEmpty()) {
      md.append("No line is reached only by slow (non-unit) test types.\n");
    } else {
      int count = coverage.slowOnly().stream().mapToInt(c -> c.lines().size()).sum();
      md.append("Reached only by slow test types (not by unit tests): ")
          .append(count)
          .append(" lines in ")
          .append(coverage.slowOnly().size())
          .append(" classes\n\n");
      coverage.slowOnly().stream()
          .limit(MarkdownSummary.LIST_LIMIT)
          .forEach(
              c ->
                  md.append("- ")
                      .append(Markdown.code(c.className()))
                      .append(" lines ")
                      .append(lineRanges(c.lines()))
                      .append("\n"));
      if (coverage.slowOnly().size() > MarkdownSummary.LIST_LIMIT) {
        md.append("- … and ")
            .append(coverage.slowOnly().size() - MarkdownSummary.LIST_LIMIT)
            .append(" more classes (all in summary.json)\n");
      }
    }
    if (!coverage.belowMinimum().isEmpty()) {
      md.append("\n**Below minimum:**\n\n- ")
          .append(String.join("\n- ", coverage.belowMinimum()))
          .append("\n");
    }
  }

  private static String coverageRow(String type, CoverageFigures f, String minimum) {
    return String.format(
        Locale.ROOT,
        "| %s | %s (%d/%d) | %s (%d/%d) | %s |\n",
        type,
        percent(f.lineRatio()),
        f.linesCovered(),
        f.lines(),
        percent(f.branchRatio()),
        f.branchesCovered(),
        f.branches(),
        minimum);
  }
}

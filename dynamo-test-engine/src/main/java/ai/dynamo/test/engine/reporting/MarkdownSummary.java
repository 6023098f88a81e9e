package ai.dynamo.test.engine.reporting;

import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.history.FlipCandidates;
import ai.dynamo.test.engine.reporting.Summary.Budget;
import ai.dynamo.test.engine.reporting.Summary.CodeCoverage;
import ai.dynamo.test.engine.reporting.Summary.Coverage;
import ai.dynamo.test.engine.reporting.Summary.CoverageFigures;
import ai.dynamo.test.engine.reporting.Summary.CoverageItem;
import ai.dynamo.test.engine.reporting.Summary.Excluded;
import ai.dynamo.test.engine.reporting.Summary.FlakyTest;
import ai.dynamo.test.engine.reporting.Summary.FlipCandidate;
import ai.dynamo.test.engine.reporting.Summary.MatrixCell;
import ai.dynamo.test.engine.reporting.Summary.TestResult;
import ai.dynamo.test.engine.reporting.Summary.TypeCoverage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders a {@link Summary} as {@code summary.md}: short enough for a CI job summary ({@code cat
 * target/dynamo/summary.md >> "$GITHUB_STEP_SUMMARY"}). Every failure, flaky test and skip is
 * listed; long lists of excluded or covering tests are cut with a count. Then the budget, feature,
 * documentation and code coverage.
 */
final class MarkdownSummary {

  static final int SLOWEST = 5;
  static final int LIST_LIMIT = 20;
  static final int MESSAGE_LIMIT = 300;

  private MarkdownSummary() {}

  static String render(Summary summary) {
    StringBuilder md = new StringBuilder();
    Summary.Counts totals = summary.totals();
    md.append("# Test run summary")
        .append(summary.run().dryRun() ? " (dry run)" : "")
        .append("\n\n");
    md.append(
            summary.run().selection().isEmpty()
                ? "Selection: every test"
                : "Selection: `" + summary.run().selection() + "`")
        .append(" · started ")
        .append(summary.run().startedAt())
        .append(" · ")
        .append(seconds(summary.run().durationMillis()))
        .append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "**%s %d tests: %d passed, %d flaky, %d failed, %d aborted%s, %d skipped**; %d excluded"
                + " at discovery\n\n",
            failing(totals) ? "❌" : "✅",
            totals.tests(),
            totals.passed(),
            totals.flaky(),
            totals.failed(),
            totals.aborted(),
            totals.quarantined() > 0 ? " (" + totals.quarantined() + " quarantined)" : "",
            totals.skipped(),
            totals.excluded()));

    if (!summary.matrix().isEmpty()) {
      md.append("## By stage and type\n\n");
      md.append("| stage | type | passed | flaky | failed | aborted | skipped |\n");
      md.append("|---|---|--:|--:|--:|--:|--:|\n");
      for (MatrixCell cell : summary.matrix()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %d | %d | %d | %d |\n",
                cell.stage(),
                cell.type(),
                cell.passed(),
                cell.flaky(),
                cell.failed(),
                cell.aborted(),
                cell.skipped()));
      }
      md.append("\n");
    }

    Set<String> quarantined =
        summary.flaky().stream()
            .filter(FlakyTest::quarantined)
            .map(FlakyTest::name)
            .collect(Collectors.toSet());
    List<TestResult> failures =
        summary.tests().stream()
            .filter(t -> t.outcome().equals("failed") || t.outcome().equals("aborted"))
            .filter(t -> !quarantined.contains(t.name()))
            .toList();
    if (!failures.isEmpty()) {
      md.append("## Failures (").append(failures.size()).append(")\n\n");
      for (TestResult test : failures) {
        md.append("- `")
            .append(test.name())
            .append("` (")
            .append(test.outcome())
            .append(", ")
            .append(String.join(", ", test.stages()))
            .append(" ")
            .append(test.type() == null ? "(no type)" : test.type())
            .append("): ")
            .append(message(test.message()))
            .append("\n");
      }
      md.append("\n");
    }

    if (!summary.flaky().isEmpty()) {
      md.append("## Flaky tests (").append(summary.flaky().size()).append(")\n\n");
      for (FlakyTest test : summary.flaky()) {
        md.append("- `")
            .append(test.name())
            .append("` (")
            .append(test.type() == null ? "(no type)" : test.type())
            .append(test.quarantined() ? ", **quarantined**: failed every attempt" : "")
            .append("): ")
            .append(message(test.message()))
            .append("\n");
      }
      md.append("\n");
    }

    flipCandidates(md, summary.flipCandidates());

    Map<String, List<String>> skips = new LinkedHashMap<>();
    summary.tests().stream()
        .filter(t -> t.outcome().equals("skipped"))
        .forEach(t -> skips.computeIfAbsent(t.message(), k -> new ArrayList<>()).add(t.name()));
    if (!skips.isEmpty()) {
      md.append("## Skipped, by reason\n\n");
      skips.forEach(
          (reason, names) -> {
            md.append("- ").append(message(reason)).append(" (").append(names.size()).append(")\n");
            names.forEach(name -> md.append("  - `").append(name).append("`\n"));
          });
      md.append("\n");
    }

    if (!summary.excluded().isEmpty()) {
      Map<String, List<String>> byReason =
          summary.excluded().stream()
              .collect(
                  Collectors.groupingBy(
                      Excluded::reason,
                      LinkedHashMap::new,
                      Collectors.mapping(Excluded::name, Collectors.toList())));
      md.append("## Excluded at discovery\n\n");
      byReason.forEach(
          (reason, names) -> {
            md.append("- ").append(reason).append(" (").append(names.size()).append(")\n");
            names.stream()
                .limit(LIST_LIMIT)
                .forEach(name -> md.append("  - `").append(name).append("`\n"));
            if (names.size() > LIST_LIMIT) {
              md.append("  - … and ").append(names.size() - LIST_LIMIT).append(" more\n");
            }
          });
      md.append("\n");
    }

    List<TestResult> slowest =
        summary.tests().stream()
            .filter(t -> t.durationMillis() > 0)
            .sorted(Comparator.comparingLong(TestResult::durationMillis).reversed())
            .limit(SLOWEST)
            .toList();
    if (!slowest.isEmpty()) {
      md.append("## Slowest tests\n\n| test | type | duration |\n|---|---|--:|\n");
      slowest.forEach(
          t ->
              md.append("| `")
                  .append(t.name())
                  .append("` | ")
                  .append(t.type() == null ? "(no type)" : t.type())
                  .append(" | ")
                  .append(seconds(t.durationMillis()))
                  .append(" |\n"));
      md.append("\n");
    }

    budget(md, summary.budget());
    coverage(md, "Features", summary.features(), "feature");
    coverage(md, "Documentation", summary.docs(), "page or section");
    codeCoverage(md, summary.coverage());
    return md.toString();
  }

  /**
   * Whether the run failed: a test failed or was aborted, except quarantined flaky tests, which
   * {@code dynamo.flaky=quarantine} keeps from failing the stage.
   */
  static boolean failing(Summary.Counts totals) {
    return totals.failed() + totals.aborted() - totals.quarantined() > 0;
  }

  private static void budget(StringBuilder md, Budget budget) {
    md.append("## Budget\n\n| budget | planned | elapsed | used |\n|---|--:|--:|--:|\n| ")
        .append(budgetText(budget))
        .append(" | ")
        .append(plannedText(budget))
        .append(" | ")
        .append(Durations.format(budget.elapsedMillis()))
        .append(" | ")
        .append(usedText(budget))
        .append(" |\n\n");
    if (budget.plannedMillis() != null) {
      md.append("Planned: the expected durations of the ")
          .append(budget.plannedFromHistory() + budget.plannedByType())
          .append(" tests of the run, ")
          .append(budget.plannedFromHistory())
          .append(" recorded in the history, ")
          .append(budget.plannedByType())
          .append(" estimated from their type.\n\n");
    }
    if (!budget.notStarted().isEmpty()) {
      md.append("Not started because the budget was spent (")
          .append(budget.notStarted().size())
          .append("):\n\n");
      budget.notStarted().stream()
          .limit(LIST_LIMIT)
          .forEach(name -> md.append("- `").append(name).append("`\n"));
      if (budget.notStarted().size() > LIST_LIMIT) {
        md.append("- … and ").append(budget.notStarted().size() - LIST_LIMIT).append(" more\n");
      }
      md.append("\n");
    }
  }

  /** {@code 45m 00s (dynamo.budget=45m)}, or {@code no budget}: never 0. */
  static String budgetText(Budget budget) {
    return budget.isSet()
        ? Durations.format(budget.budgetMillis()) + " (" + budget.source() + ")"
        : "no budget";
  }

  static String plannedText(Budget budget) {
    return budget.plannedMillis() == null
        ? "unknown (no plan)"
        : Durations.format(budget.plannedMillis());
  }

  static String usedText(Budget budget) {
    return budget.isSet() ? String.format(Locale.ROOT, "%.1f%%", budget.percentUsed()) : "–";
  }

  private static void codeCoverage(StringBuilder md, CodeCoverage coverage) {
    md.append("## Coverage by test type\n\n");
    if (!coverage.measured()) {
      md.append(coverage.reason()).append("\n");
      return;
    }
    md.append("| Type | Lines | Branches | Minimum |\n|---|---|---|---|\n");
    for (TypeCoverage type : coverage.types()) {
      md.append(
          coverageRow(
              type.type(),
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
          .limit(LIST_LIMIT)
          .forEach(
              c ->
                  md.append("- `")
                      .append(c.className())
                      .append("` lines ")
                      .append(lineRanges(c.lines()))
                      .append("\n"));
      if (coverage.slowOnly().size() > LIST_LIMIT) {
        md.append("- … and ")
            .append(coverage.slowOnly().size() - LIST_LIMIT)
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

  /** {@code 12–14, 20} for the lines 12, 13, 14 and 20: long lists stay readable. */
  static String lineRanges(List<Integer> lines) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      int first = lines.get(i);
      while (i + 1 < lines.size() && lines.get(i + 1) == lines.get(i) + 1) {
        i++;
      }
      text.append(text.length() == 0 ? "" : ", ")
          .append(first)
          .append(lines.get(i) == first ? "" : "–" + lines.get(i));
    }
    return text.toString();
  }

  /** {@code 62.5%} for the ratio 0.625. */
  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  private static void coverage(StringBuilder md, String title, Coverage coverage, String what) {
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
          .append(item.name())
          .append(" | ")
          .append(String.join(", ", item.stages()))
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
              coverage.uncovered().stream()
                  .map(name -> "`" + name + "`")
                  .collect(Collectors.joining(", ")))
          .append("\n\n");
    }
    for (Summary.Unknown unknown : coverage.unknown()) {
      md.append("⚠️ Unknown ")
          .append(what)
          .append(" `")
          .append(unknown.name())
          .append("`, cited by ")
          .append(
              unknown.tests().stream().map(t -> "`" + t + "`").collect(Collectors.joining(", ")))
          .append("\n\n");
    }
  }

  /** "3 tests: 2 passed, 1 not run": the names are in summary.json and report.html. */
  private static String covering(List<Summary.CoveringTest> tests) {
    Map<String, Long> byOutcome =
        tests.stream()
            .collect(
                Collectors.groupingBy(
                    Summary.CoveringTest::outcome, java.util.TreeMap::new, Collectors.counting()));
    return tests.size()
        + (tests.size() == 1 ? " test: " : " tests: ")
        + byOutcome.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
  }

  /** The first line of a message, shortened, safe inside a Markdown table or list. */
  static String message(String text) {
    return firstLine(text).replace("|", "\\|");
  }

  /** The first line of a message, shortened to {@value #MESSAGE_LIMIT} characters. */
  static String firstLine(String text) {
    String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
    return line.length() > MESSAGE_LIMIT ? line.substring(0, MESSAGE_LIMIT) + "…" : line;
  }

  /**
   * The flip candidates, one line each with the counts at the revision they flipped at, or {@code
   * none}.
   */
  private static void flipCandidates(StringBuilder md, List<FlipCandidate> candidates) {
    if (candidates.isEmpty()) {
      md.append("## Flip candidates\n\nnone\n\n");
      return;
    }
    md.append("## Flip candidates (")
        .append(candidates.size())
        .append(
            ")\n\nOutcomes that changed at one revision: mark the test `@Flaky` or fix it.\n\n");
    for (FlipCandidate candidate : candidates) {
      md.append("- `")
          .append(candidate.test())
          .append("`: ")
          .append(candidate.passed())
          .append(" passed, ")
          .append(candidate.failed())
          .append(" failed, ")
          .append(candidate.flaky())
          .append(" flaky at revision `")
          .append(FlipCandidates.abbreviated(candidate.revision()))
          .append("`\n");
    }
    md.append("\n");
  }
}

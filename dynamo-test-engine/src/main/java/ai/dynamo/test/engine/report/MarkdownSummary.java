package ai.dynamo.test.engine.report;

import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.history.FlipCandidates;
import ai.dynamo.test.engine.report.Summary.Budget;
import ai.dynamo.test.engine.report.Summary.Excluded;
import ai.dynamo.test.engine.report.Summary.FlakyTest;
import ai.dynamo.test.engine.report.Summary.FlipCandidate;
import ai.dynamo.test.engine.report.Summary.MatrixCell;
import ai.dynamo.test.engine.report.Summary.TestResult;
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
                : "Selection: " + Markdown.code(summary.run().selection()))
        .append(" · started ")
        .append(summary.run().startedAt())
        .append(" · ")
        .append(ReportText.seconds(summary.run().durationMillis()))
        .append(ReportText.origin(summary.run()))
        .append("\n\n");
    if (!ReportText.partial(summary.run()).isEmpty()) {
      md.append("**").append(ReportText.partial(summary.run())).append("**\n\n");
    }
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
                Markdown.cell(cell.stage()),
                Markdown.cell(cell.type()),
                cell.passed(),
                cell.flaky(),
                cell.failed(),
                cell.aborted(),
                cell.skipped()));
      }
      md.append("\n");
    }
    foreign(md, summary.run());

    Set<String> quarantined =
        summary.flaky().stream()
            .filter(FlakyTest::quarantined)
            .map(FlakyTest::name)
            .collect(Collectors.toSet());
    outcomes(md, "Failures", summary, "failed", quarantined);
    // An aborted test's assumption did not hold: it did not run, and it did not fail.
    outcomes(md, "Aborted", summary, "aborted", quarantined);

    if (!summary.flaky().isEmpty()) {
      md.append("## Flaky tests (").append(summary.flaky().size()).append(")\n\n");
      for (FlakyTest test : summary.flaky()) {
        md.append("- ")
            .append(Markdown.code(test.name()))
            .append(" (")
            .append(Markdown.text(test.type() == null ? "(no type)" : test.type()))
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
            names.forEach(name -> md.append("  - ").append(Markdown.code(name)).append("\n"));
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
            md.append("- ")
                .append(Markdown.text(reason))
                .append(" (")
                .append(names.size())
                .append(")\n");
            names.stream()
                .limit(LIST_LIMIT)
                .forEach(name -> md.append("  - ").append(Markdown.code(name)).append("\n"));
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
              md.append("| ")
                  .append(Markdown.codeCell(t.name()))
                  .append(t.invocations() == 1 ? "" : " (" + t.invocations() + " invocations)")
                  .append(" | ")
                  .append(Markdown.cell(t.type() == null ? "(no type)" : t.type()))
                  .append(" | ")
                  .append(ReportText.seconds(t.durationMillis()))
                  .append(" |\n"));
      md.append("\n");
    }

    budget(md, summary.budget());
    MarkdownCoverage.coverage(md, "Features", summary.features(), "feature");
    MarkdownCoverage.coverage(md, "Documentation", summary.docs(), "page or section");
    MarkdownCoverage.codeCoverage(md, summary.coverage());
    return md.toString();
  }

  /** A section listing the tests with {@code outcome}, except quarantined ones, if any. */
  private static void outcomes(
      StringBuilder md, String title, Summary summary, String outcome, Set<String> quarantined) {
    List<TestResult> tests =
        summary.tests().stream()
            .filter(t -> t.outcome().equals(outcome))
            .filter(t -> !quarantined.contains(t.name()))
            .toList();
    if (!tests.isEmpty()) {
      md.append("## ").append(title).append(" (").append(tests.size()).append(")\n\n");
      for (TestResult test : tests) {
        md.append("- ")
            .append(Markdown.code(test.name()))
            .append(Markdown.text(ReportText.runner(test)))
            .append(" (")
            .append(test.outcome())
            .append(", ")
            .append(Markdown.text(String.join(", ", test.stages())))
            .append(" ")
            .append(Markdown.text(test.type() == null ? "(no type)" : test.type()))
            .append("): ")
            .append(message(test.message()))
            .append("\n");
      }
      md.append("\n");
    }
  }

  /**
   * Whether the run failed: a test failed. Aborted tests (an assumption did not hold, or a
   * quarantined flaky test that failed every attempt) did not fail.
   */
  static boolean failing(Summary.Counts totals) {
    return totals.failed() > 0;
  }

  private static void budget(StringBuilder md, Budget budget) {
    md.append("## Budget\n\n| budget | planned | elapsed | used |\n|---|--:|--:|--:|\n| ")
        .append(Markdown.cell(ReportText.budgetText(budget)))
        .append(" | ")
        .append(ReportText.plannedText(budget))
        .append(" | ")
        .append(Durations.format(budget.elapsedMillis()))
        .append(" | ")
        .append(ReportText.usedText(budget))
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
          .forEach(name -> md.append("- ").append(Markdown.code(name)).append("\n"));
      if (budget.notStarted().size() > LIST_LIMIT) {
        md.append("- … and ").append(budget.notStarted().size() - LIST_LIMIT).append(" more\n");
      }
      md.append("\n");
    }
  }

  /** The first line of a message, shortened, safe inside a Markdown table or list. */
  static String message(String text) {
    return Markdown.text(ReportText.firstLine(text));
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
      md.append("- ")
          .append(Markdown.code(candidate.test()))
          .append(": ")
          .append(candidate.passed())
          .append(" passed, ")
          .append(candidate.failed())
          .append(" failed, ")
          .append(candidate.flaky())
          .append(" flaky at revision ")
          .append(Markdown.code(FlipCandidates.abbreviated(candidate.revision())))
          .append("\n");
    }
    md.append("\n");
  }

  /** What the JUnit XML reports of other runners merged in held, and what the rules left open. */
  private static void foreign(StringBuilder md, Summary.Run run) {
    if (run.merge() == null || run.merge().foreign() == null || run.merge().foreign().isEmpty()) {
      return;
    }
    md.append("## Tests of other runners\n\n");
    md.append("| runner | report | tests | unclassified | markers no rule maps |\n");
    md.append("|---|---|--:|--:|---|\n");
    for (Summary.ForeignReport report : run.merge().foreign()) {
      md.append("| ")
          .append(Markdown.cell(report.runner()))
          .append(" | ")
          .append(Markdown.codeCell(report.file()))
          .append(" | ")
          .append(report.tests())
          .append(" | ")
          .append(report.unclassified())
          .append(" | ")
          .append(
              Markdown.cell(
                  report.unmappedMarkers().isEmpty()
                      ? "none"
                      : String.join(", ", report.unmappedMarkers())))
          .append(" |\n");
    }
    md.append(
        "\nTheir tests are counted above by stage and type, marked with their runner in the lists;"
            + " those without a stage or a type, and the markers no rule maps, are listed in"
            + " `foreign-unclassified.txt`.\n\n");
  }
}

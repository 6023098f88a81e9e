package ai.dynamo.test.engine.report;

import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.report.Summary.Budget;
import java.util.List;
import java.util.Locale;

/**
 * The wording the console summary, {@code summary.md} and {@code report.html} share: durations,
 * percentages, line ranges, the budget's figures and the first line of a message.
 */
final class ReportText {

  static final int MESSAGE_LIMIT = 300;

  private ReportText() {}

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
  }

  /** {@code 62.5%} for the ratio 0.625. */
  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
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

  /** {@code 45m 00s (dynamo.budget=45m)}, or {@code no budget}: never 0. */
  static String budgetText(Budget budget) {
    return budget.isSet()
        ? Durations.format(budget.budgetMillis()) + " (" + budget.source() + ")"
        : "no budget";
  }

  /**
   * {@code 4m 10s}, marked as a guess where durations were guessed by test type for lack of
   * history: a guess is no plan.
   */
  static String plannedText(Budget budget) {
    if (budget.plannedMillis() == null) {
      return "unknown (no plan)";
    }
    String planned = Durations.format(budget.plannedMillis());
    if (budget.plannedByType() == 0) {
      return planned;
    }
    return budget.plannedFromHistory() == 0
        ? planned + " (a guess by test type: no recorded durations)"
        : planned
            + " ("
            + budget.plannedByType()
            + " of "
            + (budget.plannedByType() + budget.plannedFromHistory())
            + " guessed by test type)";
  }

  /**
   * The budget chart's label of the planned time: {@code guessed} when all of it is a guess by
   * type, {@code estimated} when part of it is.
   */
  static String plannedLabel(Budget budget) {
    if (budget.plannedByType() == 0) {
      return "planned";
    }
    return budget.plannedFromHistory() == 0 ? "guessed" : "estimated";
  }

  static String usedText(Budget budget) {
    return budget.isSet() ? String.format(Locale.ROOT, "%.1f%%", budget.percentUsed()) : "–";
  }

  /**
   * Where the run's results come from, for the reports' header: {@code " · shard 2/3"} for one
   * shard, {@code " · merged from shards 1, 2, 3 of 3 · machine time 4m 10s"} for a merge; empty
   * for a whole run.
   */
  static String origin(Summary.Run run) {
    if (run.merge() != null) {
      Summary.Merge merge = run.merge();
      return " · merged from shard"
          + (merge.merged().size() == 1 ? " " : "s ")
          + join(merge.merged())
          + " of "
          + merge.shards()
          + " · machine time "
          + seconds(merge.machineMillis())
          + foreign(merge);
    }
    return run.shard() == null ? "" : " · shard " + run.shard();
  }

  /** {@code " · with pytest (9 tests), nextest (3 tests)"}, or empty without other runners. */
  private static String foreign(Summary.Merge merge) {
    if (merge.foreign() == null || merge.foreign().isEmpty()) {
      return "";
    }
    return " · with "
        + merge.foreign().stream()
            .map(f -> f.runner() + " (" + f.tests() + (f.tests() == 1 ? " test)" : " tests)"))
            .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * The runner of a test of another runner in brackets, {@code " [pytest]"}; empty for the
   * engine's.
   */
  static String runner(Summary.TestResult test) {
    return test.runner() == null ? "" : " [" + test.runner() + "]";
  }

  /**
   * The warning of a partial merge, {@code PARTIAL: shard 2 of 3 missing; ...}; empty when every
   * shard was merged.
   */
  static String partial(Summary.Run run) {
    if (run.merge() == null || !run.merge().partial()) {
      return "";
    }
    List<Integer> missing = run.merge().missing();
    return "PARTIAL: shard"
        + (missing.size() == 1 ? " " : "s ")
        + join(missing)
        + " of "
        + run.merge().shards()
        + " missing; the totals lack "
        + (missing.size() == 1 ? "its" : "their")
        + " tests.";
  }

  private static String join(List<Integer> numbers) {
    return String.join(", ", numbers.stream().map(String::valueOf).toList());
  }

  /** The first line of a message, shortened to {@value #MESSAGE_LIMIT} characters. */
  static String firstLine(String text) {
    String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
    return line.length() > MESSAGE_LIMIT ? SafeText.cut(line, MESSAGE_LIMIT) + "…" : line;
  }
}

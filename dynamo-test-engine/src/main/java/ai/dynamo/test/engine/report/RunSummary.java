package ai.dynamo.test.engine.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-run summary: a table of outcomes by stage and type, every failure with its message,
 * every flaky test, and every skip grouped by its reason.
 */
final class RunSummary {

  private final String selection;
  private final List<TestRecord> records;
  private final boolean dryRun;

  RunSummary(String selection, List<TestRecord> records) {
    this(selection, records, false);
  }

  RunSummary(String selection, List<TestRecord> records, boolean dryRun) {
    this.selection = selection;
    this.records = List.copyOf(records);
    this.dryRun = dryRun;
  }

  /**
   * Prints the summary; {@code countsNote}, when not empty, says after the totals why they differ
   * from the build tool's.
   */
  void print(PrintStream out, String countsNote) {
    Map<String, Map<Outcome, Integer>> rows = new TreeMap<>();
    Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
    Map<String, List<String>> skipped = new LinkedHashMap<>();
    Map<String, List<String>> aborted = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    List<String> flaky = new ArrayList<>();
    for (TestRecord record : records) {
      String row =
          String.format("%-28s %-22s", record.labels().stageText(), record.labels().kindText());
      rows.computeIfAbsent(row, key -> new EnumMap<>(Outcome.class))
          .merge(record.outcome(), record.invocations(), Integer::sum);
      totals.merge(record.outcome(), record.invocations(), Integer::sum);
      switch (record.outcome()) {
        case SKIPPED ->
            skipped.computeIfAbsent(record.detail(), key -> new ArrayList<>()).add(record.name());
        case FLAKY -> flaky.add(record.name() + ": " + record.detail());
        case FAILED -> failures.add(record.name() + " [failed]: " + record.detail());
        case ABORTED -> {
          if (SummaryBuilder.isQuarantined(record)) {
            flaky.add(record.name() + " [aborted]: " + record.detail());
          } else {
            aborted
                .computeIfAbsent(ReportText.firstLine(record.detail()), key -> new ArrayList<>())
                .add(record.name());
          }
        }
        default -> {}
      }
    }

    out.println();
    out.println(
        "[dynamo] Run summary"
            + (selection.isEmpty() ? " (no selection: every test)" : " (" + selection + ")")
            + (dryRun ? ", dry run: nothing was executed" : ""));
    out.printf(
        "  %-28s %-22s %7s %7s %7s %7s %7s%n",
        "stage", "type", "passed", "flaky", "failed", "aborted", "skipped");
    rows.forEach((row, counts) -> out.println("  " + row + counts(counts)));
    out.println("  " + String.format("%-28s %-22s", "total", "") + counts(totals));
    if (!countsNote.isEmpty()) {
      out.println("  counts: " + countsNote);
    }
    if (!failures.isEmpty()) {
      out.println("  failed:");
      listed(out, failures, LISTED, "    - ");
    }
    if (!flaky.isEmpty()) {
      out.println("  flaky:");
      listed(out, flaky.stream().map(ReportText::firstLine).toList(), LISTED, "    - ");
    }
    byReason(out, "aborted (an assumption did not hold), by reason:", aborted);
    byReason(out, "skipped, by reason:", skipped);
    if (!dryRun && totals.keySet().equals(EnumSet.of(Outcome.SKIPPED))) {
      out.println(
          "  WARNING: every test of this run was skipped; nothing was verified."
              + " Set dynamo.requirements.missing=fail where the host must have what tests need.");
    }
  }

  /** How many failures or flaky tests the console names before pointing at the summary files. */
  static final int LISTED = 10;

  /** How many reasons the console shows, each on one line with its count and first test. */
  static final int REASONS = 5;

  /**
   * One line per reason: the reason, how many tests, and the first of them. Skips and aborts are
   * expected on a green run, so they get counts and an example (the first by name), never lists;
   * the summary files list every test.
   */
  private static void byReason(PrintStream out, String title, Map<String, List<String>> reasons) {
    if (reasons.isEmpty()) {
      return;
    }
    out.println("  " + title);
    reasons.entrySet().stream()
        .limit(REASONS)
        .forEach(
            e -> {
              int count = e.getValue().size();
              out.println(
                  "    "
                      + ReportText.firstLine(e.getKey())
                      + " ("
                      + count
                      + "): "
                      + ReportText.firstLine(Collections.min(e.getValue()))
                      + (count > 1 ? " and " + (count - 1) + " more" : ""));
            });
    if (reasons.size() > REASONS) {
      out.println(
          "    ... and "
              + (reasons.size() - REASONS)
              + " more reasons, in summary.md and summary.json");
    }
  }

  /** The first {@code limit} of {@code lines}, then how many more the summary files list. */
  private static void listed(PrintStream out, List<String> lines, int limit, String indent) {
    lines.stream().limit(limit).forEach(line -> out.println(indent + line));
    if (lines.size() > limit) {
      out.println(
          indent.replace("- ", "")
              + "... and "
              + (lines.size() - limit)
              + " more, in summary.md and summary.json");
    }
  }

  private static String counts(Map<Outcome, Integer> counts) {
    return String.format(
        " %7d %7d %7d %7d %7d",
        counts.getOrDefault(Outcome.PASSED, 0),
        counts.getOrDefault(Outcome.FLAKY, 0),
        counts.getOrDefault(Outcome.FAILED, 0),
        counts.getOrDefault(Outcome.ABORTED, 0),
        counts.getOrDefault(Outcome.SKIPPED, 0));
  }
}

package ai.dynamo.test.engine.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

  void print(PrintStream out) {
    Map<String, Map<Outcome, Integer>> rows = new TreeMap<>();
    Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
    Map<String, List<String>> skipped = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    List<String> flaky = new ArrayList<>();
    for (TestRecord record : records) {
      String row =
          String.format("%-28s %-22s", record.labels().stageText(), record.labels().kindText());
      rows.computeIfAbsent(row, key -> new EnumMap<>(Outcome.class))
          .merge(record.outcome(), 1, Integer::sum);
      totals.merge(record.outcome(), 1, Integer::sum);
      switch (record.outcome()) {
        case SKIPPED ->
            skipped.computeIfAbsent(record.detail(), key -> new ArrayList<>()).add(record.name());
        case FLAKY -> flaky.add(record.name() + ": " + record.detail());
        case FAILED, ABORTED ->
            (SummaryBuilder.isQuarantined(record) ? flaky : failures)
                .add(
                    record.name()
                        + " ["
                        + record.outcome().name().toLowerCase(Locale.ROOT)
                        + "]: "
                        + record.detail());
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
    if (!failures.isEmpty()) {
      out.println("  failed:");
      failures.forEach(failure -> out.println("    - " + failure));
    }
    if (!flaky.isEmpty()) {
      out.println("  flaky:");
      flaky.forEach(line -> out.println("    - " + ReportText.firstLine(line)));
    }
    if (!skipped.isEmpty()) {
      out.println("  skipped, by reason:");
      skipped.forEach(
          (reason, names) -> {
            out.println("    " + reason + " (" + names.size() + "):");
            names.forEach(name -> out.println("      - " + name));
          });
    }
    if (!dryRun
        && !records.isEmpty()
        && totals.getOrDefault(Outcome.SKIPPED, 0) == records.size()) {
      out.println(
          "  WARNING: every test of this run was skipped; nothing was verified."
              + " Set dynamo.requirements.missing=fail where the host must have what tests need.");
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

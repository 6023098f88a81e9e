package ai.dynamo.test.engine.selection;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.Classification;
import ai.dynamo.test.engine.labels.TestLabels;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints what selection did: every unclassified test by name as soon as it is discovered, so that
 * tests without a stage never go unnoticed, and how many tests were selected when the run starts.
 *
 * <p>Build tools discover each test class alone before a run, to find the classes with tests, and
 * then discover the ones they run again: each unclassified test is therefore printed once per run.
 */
public final class DiscoveryConsole {

  private final Set<String> printed = ConcurrentHashMap.newKeySet();
  private final PrintStream out;

  /** A console of one run, printing to {@code out}. */
  public DiscoveryConsole(PrintStream out) {
    this.out = out;
  }

  /** Prints the unclassified tests not printed before in this run. */
  public void printUnclassified(DynamoConfiguration configuration, SelectionReport report) {
    printUnclassified(
        report,
        configuration.classification() == Classification.STRICT
            ? ", failing the run (" + Constants.CLASSIFICATION + "=strict)"
            : report.unclassifiedExcluded()
                ? ", not run (" + Constants.UNCLASSIFIED + "=include runs them)"
                : "");
  }

  /** Prints how many tests the selection kept, when a selection is set. */
  public void printSelection(DynamoConfiguration configuration, SelectionReport report) {
    if (configuration.hasSelection()) {
      out.println(
          "[dynamo] "
              + configuration.describeSelection()
              + ": selected "
              + report.selected().size()
              + " of "
              + report.discovered().size()
              + " tests");
    }
  }

  void printUnclassified(SelectionReport report, String consequence) {
    Map<String, TestLabels> fresh = new LinkedHashMap<>();
    report
        .unclassified()
        .forEach(
            (name, labels) -> {
              if (printed.add(name)) {
                fresh.put(name, labels);
              }
            });
    if (!fresh.isEmpty()) {
      int count = fresh.size();
      out.println(
          "[dynamo] "
              + count
              + " unclassified test"
              + (count == 1 ? "" : "s")
              + consequence
              + ":"
              + TestSelection.listing(fresh));
    }
  }
}

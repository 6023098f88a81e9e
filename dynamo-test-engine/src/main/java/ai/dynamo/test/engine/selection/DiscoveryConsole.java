package ai.dynamo.test.engine.selection;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import java.io.PrintStream;

/**
 * Prints what selection did, as soon as discovery ends: how many tests were selected, and every
 * unclassified test by name, so that tests without a stage never go unnoticed.
 */
public final class DiscoveryConsole {

  private DiscoveryConsole() {}

  public static void print(DynamoConfiguration configuration, SelectionReport report) {
    print(configuration, report, System.out);
  }

  static void print(DynamoConfiguration configuration, SelectionReport report, PrintStream out) {
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
    if (!report.unclassified().isEmpty()) {
      int count = report.unclassified().size();
      out.println(
          "[dynamo] "
              + count
              + " unclassified test"
              + (count == 1 ? "" : "s")
              + (report.unclassifiedExcluded()
                  ? ", not run (" + Constants.UNCLASSIFIED + "=include runs them)"
                  : "")
              + ":"
              + TestSelection.listing(report.unclassified()));
    }
  }
}

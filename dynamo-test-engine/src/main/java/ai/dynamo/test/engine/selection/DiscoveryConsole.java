package ai.dynamo.test.engine.selection;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.Classification;
import ai.dynamo.test.engine.labels.TestLabels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Prints what selection did, in a few lines however large the suite: how many tests were selected,
 * and how many are unclassified, with the path of a file that lists them all.
 *
 * <p>Build tools discover each test class alone before a run, and a run may execute several
 * requests: the unclassified tests of the whole run are listed in {@value #UNCLASSIFIED_FILE} in
 * the reports directory, rewritten as more are found, and the console gets one line per run.
 */
@API(status = INTERNAL, since = "0.1")
public final class DiscoveryConsole {

  /** The file in the reports directory that lists the run's unclassified tests, one a line. */
  public static final String UNCLASSIFIED_FILE = "unclassified.txt";

  /** How many unclassified tests the console line names before pointing at the file. */
  static final int NAMED = 3;

  private final PrintStream out;
  private final Map<String, TestLabels> unclassified = new LinkedHashMap<>();
  private final Map<String, String> classifiedBy = new LinkedHashMap<>();
  private boolean rulesPrinted;
  private boolean printed;
  private int listed;

  /** A console of one run, printing to {@code out}. */
  public DiscoveryConsole(PrintStream out) {
    this.out = out;
  }

  /**
   * Notes the unclassified tests of a discovery. Build tools discover every class alone and then
   * run only the classes with selected tests, so the unclassified tests of the run are those of
   * every discovery, not only of the one that executes.
   */
  public synchronized void noteUnclassified(SelectionReport report) {
    report.unclassified().forEach(unclassified::putIfAbsent);
    classifiedBy.putAll(report.classifiedBy());
  }

  /**
   * Prints, once a run, how many tests each classification rule classified and how many remain
   * unclassified: {@code [dynamo] Classification rules (rules.properties): 1480 tests classified by
   * rule (**.*IT 120, ** 1360), 20 unclassified}.
   */
  private void printRules(DynamoConfiguration configuration) {
    if (rulesPrinted || configuration.classificationRules().isEmpty()) {
      return;
    }
    rulesPrinted = true;
    Map<String, Long> byRule = new LinkedHashMap<>();
    classifiedBy.values().forEach(pattern -> byRule.merge(pattern, 1L, Long::sum));
    out.println(
        "[dynamo] Classification rules ("
            + configuration.classificationRules().source()
            + "): "
            + classifiedBy.size()
            + " test"
            + (classifiedBy.size() == 1 ? "" : "s")
            + " classified by rule"
            + (byRule.isEmpty()
                ? ""
                : byRule.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ", " (", ")")))
            + ", "
            + unclassified.size()
            + " unclassified");
  }

  /**
   * Lists every unclassified test the run has {@linkplain #noteUnclassified noted} in {@value
   * #UNCLASSIFIED_FILE} under the reports directory, and prints one line about them, the first time
   * a request of the run executes; later requests only rewrite the file when more were noted.
   * {@code report} is the executing request's, for what the run does with them.
   */
  public synchronized void printUnclassified(
      DynamoConfiguration configuration, SelectionReport report) {
    printRules(configuration);
    if (unclassified.size() == listed) {
      return;
    }
    listed = unclassified.size();
    Path file = configuration.reportsDir().resolve(UNCLASSIFIED_FILE);
    String where;
    try {
      Files.createDirectories(file.getParent());
      Files.write(
          file,
          unclassified.entrySet().stream()
              .map(e -> e.getKey() + " (missing " + e.getValue().missing() + ")")
              .toList(),
          StandardCharsets.UTF_8);
      where = "listed in " + file.toAbsolutePath().normalize();
    } catch (IOException | RuntimeException e) {
      where = "not listed: " + file + " could not be written (" + e + ")";
    }
    if (printed) {
      return;
    }
    printed = true;
    int count = unclassified.size();
    out.println(
        "[dynamo] "
            + count
            + " unclassified test"
            + (count == 1 ? "" : "s")
            + " (no @Stage or no @TestType)"
            + consequence(configuration, report)
            + ": "
            + where
            + "; "
            + (count <= NAMED ? "" : "the first " + NAMED + ": ")
            + unclassified.keySet().stream().limit(NAMED).collect(Collectors.joining(", ")));
  }

  private static String consequence(DynamoConfiguration configuration, SelectionReport report) {
    if (configuration.classification() == Classification.STRICT) {
      return ", failing the run (" + Constants.CLASSIFICATION + "=strict)";
    }
    return report.unclassifiedExcluded()
        ? ", not run (" + Constants.UNCLASSIFIED + "=include runs them)"
        : "";
  }

  /**
   * Prints how many tests the selection kept, when a selection is set, and how many of them run
   * only because the request named them one by one.
   */
  public void printSelection(DynamoConfiguration configuration, SelectionReport report) {
    if (!configuration.hasSelection()) {
      return;
    }
    out.println(
        "[dynamo] "
            + configuration.describeSelection()
            + ": selected "
            + report.selected().size()
            + " of "
            + report.discovered().size()
            + " tests");
    List<String> explicit = report.explicitlySelected();
    if (!explicit.isEmpty()) {
      out.println(
          "[dynamo] ran "
              + explicit.size()
              + " explicitly selected test"
              + (explicit.size() == 1 ? "" : "s")
              + " outside "
              + configuration.describeSelection()
              + " (selected by method or unique id, as IDEs do): "
              + explicit.stream().limit(NAMED).collect(Collectors.joining(", "))
              + (explicit.size() > NAMED ? " and " + (explicit.size() - NAMED) + " more" : ""));
    }
  }
}

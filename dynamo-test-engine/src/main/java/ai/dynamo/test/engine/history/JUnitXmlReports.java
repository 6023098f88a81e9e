package ai.dynamo.test.engine.history;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apiguardian.api.API;

/**
 * Class durations from the JUnit XML reports a build already has ({@code TEST-*.xml} of Surefire,
 * Failsafe and Gradle), as history records: the first sharded run is then balanced by measured
 * durations instead of by name hash.
 *
 * <p>Each report's {@code testsuite} gives its class and {@code time}; a nested class's report (or
 * test cases of a nested class) counts for its top-level class, which is what shards split. A class
 * is {@code FAILED} when a test case has a {@code failure}, {@code error}, {@code rerunFailure} or
 * {@code rerunError} (it failed every rerun), {@code FLAKY} when one has a {@code flakyFailure} or
 * {@code flakyError} (Surefire's {@code rerunFailingTestsCount} passed it on a rerun), and {@code
 * PASSED} otherwise. The reports know no stage, type or revision: the records leave them empty,
 * which the shard split counts for every stage, until the class runs under the engine.
 *
 * <pre>{@code
 * List<HistoryRecord> seeded = JUnitXmlReports.read(List.of(Path.of("target/surefire-reports")));
 * new HistoryStore(directory, window, warnings).write(seeded, false);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class JUnitXmlReports {

  private JUnitXmlReports() {}

  /**
   * One {@link Scope#CLASS} record per top-level class that the {@code TEST-*.xml} files in {@code
   * directories} (searched recursively) report.
   *
   * @throws IllegalArgumentException naming a directory that does not exist, or a file that is no
   *     JUnit XML report
   */
  public static List<HistoryRecord> read(List<Path> directories) {
    Map<String, Measured> classes = new TreeMap<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        throw new IllegalArgumentException(
            "No directory " + directory + ": expected a directory of TEST-*.xml reports.");
      }
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.filter(JUnitXmlReports::isReport).sorted().toList()) {
          readFile(file, classes);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read the reports in " + directory, e);
      }
    }
    String run = "junit-xml-" + UUID.randomUUID();
    List<HistoryRecord> records = new ArrayList<>();
    classes.forEach(
        (name, measured) ->
            records.add(
                new HistoryRecord(
                    run,
                    measured.epochMillis,
                    Scope.CLASS,
                    name,
                    measured.millis,
                    measured.outcome,
                    "",
                    "")));
    return records;
  }

  private static boolean isReport(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("TEST-") && name.endsWith(".xml") && Files.isRegularFile(file);
  }

  /** What the reports say of one top-level class. */
  private static final class Measured {
    long millis;
    long epochMillis;
    Outcome outcome = Outcome.PASSED;

    void worsen(Outcome seen) {
      if (seen == Outcome.FAILED || (seen == Outcome.FLAKY && outcome == Outcome.PASSED)) {
        outcome = seen;
      }
    }
  }

  private static void readFile(Path file, Map<String, Measured> classes) throws IOException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // Reports are data: no DTDs, no external entities.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    long modified = Files.getLastModifiedTime(file).toMillis();
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      Measured suite = null;
      Measured testCase = null;
      boolean timed = false;
      long caseMillis = 0;
      while (xml.hasNext()) {
        if (xml.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        switch (xml.getLocalName()) {
          case "testsuite" -> {
            String name = xml.getAttributeValue(null, "name");
            if (name == null || name.isBlank()) {
              throw new IllegalArgumentException(
                  "Not a JUnit XML report: " + file + " has a testsuite without a name.");
            }
            if (suite != null && !timed) {
              suite.millis += caseMillis;
            }
            suite = classes.computeIfAbsent(topLevel(name), key -> new Measured());
            suite.epochMillis = Math.max(suite.epochMillis, modified);
            String time = xml.getAttributeValue(null, "time");
            timed = time != null && !time.isBlank();
            caseMillis = 0;
            if (timed) {
              suite.millis += millis(time, file);
            }
          }
          case "testcase" -> {
            String className = xml.getAttributeValue(null, "classname");
            testCase =
                className == null || className.isBlank()
                    ? suite
                    : classes.computeIfAbsent(topLevel(className), key -> new Measured());
            String time = xml.getAttributeValue(null, "time");
            if (time != null && !time.isBlank()) {
              caseMillis += millis(time, file);
            }
          }
          case "failure", "error", "rerunFailure", "rerunError" -> {
            if (testCase != null) {
              testCase.worsen(Outcome.FAILED);
            }
          }
          case "flakyFailure", "flakyError" -> {
            if (testCase != null) {
              testCase.worsen(Outcome.FLAKY);
            }
          }
          default -> {}
        }
      }
      if (suite == null) {
        throw new IllegalArgumentException(
            "Not a JUnit XML report: " + file + " has no testsuite.");
      }
      if (!timed) {
        suite.millis += caseMillis;
      }
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException(
          "Not a JUnit XML report: " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code com.example.Outer} for {@code com.example.Outer$Inner}, as shards split classes. */
  private static String topLevel(String className) {
    int nested = className.indexOf('$');
    return (nested < 0 ? className : className.substring(0, nested)).strip();
  }

  private static long millis(String seconds, Path file) {
    try {
      return Math.round(Double.parseDouble(seconds.strip().replace(",", "")) * 1000);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Not a JUnit XML report: " + file + " has time=\"" + seconds + "\", not seconds.", e);
    }
  }
}

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
 *
 * <p>{@link #suites(Path)} gives the test cases of one report with their outcome, message and
 * properties: the merge reads pytest's and cargo-nextest's reports with it.
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
    List<Suite> suites = suites(file);
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("Not a JUnit XML report: " + file + " has no testsuite.");
    }
    long modified = Files.getLastModifiedTime(file).toMillis();
    for (Suite suite : suites) {
      Measured measured = classes.computeIfAbsent(topLevel(suite.name()), key -> new Measured());
      measured.epochMillis = Math.max(measured.epochMillis, modified);
      long caseMillis = 0;
      for (TestCase test : suite.testCases()) {
        Measured testCase =
            test.className().isBlank()
                ? measured
                : classes.computeIfAbsent(topLevel(test.className()), key -> new Measured());
        caseMillis += test.millis();
        switch (test.result()) {
          case FAILED -> testCase.worsen(Outcome.FAILED);
          case FLAKY -> testCase.worsen(Outcome.FLAKY);
          default -> {}
        }
      }
      measured.millis += suite.millis() == null ? caseMillis : suite.millis();
    }
  }

  /**
   * One {@code testsuite} of a JUnit XML report.
   *
   * @param name its {@code name}: a class for Surefire and Gradle, a test binary for cargo-nextest
   * @param millis its {@code time}, {@code null} when it has none
   * @param testCases its test cases, in the report's order
   */
  public record Suite(String name, Long millis, List<TestCase> testCases) {}

  /**
   * One {@code testcase} of a JUnit XML report.
   *
   * @param className its {@code classname}, empty when it has none
   * @param name its {@code name}
   * @param file its {@code file} (pytest's {@code junit_family=xunit1}), empty when it has none
   * @param millis its {@code time}
   * @param result what the report says of it
   * @param message the {@code message} of its failure, error or skip (the first line of the
   *     element's text when it has none); empty for a pass
   * @param properties its own {@code <properties>} (pytest's {@code record_property}), name and
   *     value, in the report's order; a name may repeat
   */
  public record TestCase(
      String className,
      String name,
      String file,
      long millis,
      Result result,
      String message,
      List<Map.Entry<String, String>> properties) {}

  /** What a JUnit XML report says of one test case. */
  public enum Result {
    PASSED,
    SKIPPED,
    /** A {@code flakyFailure} or {@code flakyError}: it failed, then passed on a rerun. */
    FLAKY,
    /** A {@code failure}, {@code error}, {@code rerunFailure} or {@code rerunError}. */
    FAILED
  }

  /**
   * Every {@code testsuite} of the JUnit XML report {@code file}, nested in {@code testsuites} or
   * not; empty when it has none.
   *
   * @throws IllegalArgumentException when {@code file} is not XML, or has a testsuite without a
   *     name or a time that is not seconds
   */
  public static List<Suite> suites(Path file) throws IOException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // Reports are data: no DTDs, no external entities.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Suite> suites = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      String suiteName = null;
      Long suiteMillis = null;
      List<TestCase> cases = null;
      CaseBuilder testCase = null;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.END_ELEMENT) {
          switch (xml.getLocalName()) {
            case "testcase" -> {
              if (testCase != null && cases != null) {
                cases.add(testCase.build());
              }
              testCase = null;
            }
            case "testsuite" -> {
              if (suiteName != null) {
                suites.add(new Suite(suiteName, suiteMillis, List.copyOf(cases)));
              }
              suiteName = null;
            }
            default -> {}
          }
          continue;
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        switch (xml.getLocalName()) {
          case "testsuite" -> {
            String name = xml.getAttributeValue(null, "name");
            if (name == null || name.isBlank()) {
              throw new IllegalArgumentException(
                  "Not a JUnit XML report: " + file + " has a testsuite without a name.");
            }
            suiteName = name.strip();
            String time = xml.getAttributeValue(null, "time");
            suiteMillis = time == null || time.isBlank() ? null : millis(time, file);
            cases = new ArrayList<>();
          }
          case "testcase" -> {
            testCase = new CaseBuilder();
            testCase.className = attribute(xml, "classname");
            testCase.name = attribute(xml, "name");
            testCase.file = attribute(xml, "file");
            String time = xml.getAttributeValue(null, "time");
            testCase.millis = time == null || time.isBlank() ? 0 : millis(time, file);
          }
          case "failure", "error", "rerunFailure", "rerunError" -> {
            if (testCase != null) {
              testCase.seen(Result.FAILED, xml);
            }
          }
          case "flakyFailure", "flakyError" -> {
            if (testCase != null) {
              testCase.seen(Result.FLAKY, xml);
            }
          }
          case "skipped" -> {
            if (testCase != null) {
              testCase.seen(Result.SKIPPED, xml);
            }
          }
          case "property" -> {
            // Only a test case's own properties: a suite's are the JVM's system properties.
            if (testCase != null) {
              testCase.properties.add(Map.entry(attribute(xml, "name"), attribute(xml, "value")));
            }
          }
          default -> {}
        }
      }
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException(
          "Not a JUnit XML report: " + file + ": " + e.getMessage(), e);
    }
    return suites;
  }

  private static String attribute(XMLStreamReader xml, String name) {
    String value = xml.getAttributeValue(null, name);
    return value == null ? "" : value.strip();
  }

  /** A test case while its element is read. */
  private static final class CaseBuilder {
    String className;
    String name;
    String file;
    long millis;
    Result result = Result.PASSED;
    String message = "";
    final List<Map.Entry<String, String>> properties = new ArrayList<>();

    void seen(Result seen, XMLStreamReader xml) throws XMLStreamException {
      // A failure after a flaky failure (Surefire's rerun failed again) stays a failure.
      if (seen.compareTo(result) < 0 || (seen == result && !message.isEmpty())) {
        return;
      }
      String text = xml.getAttributeValue(null, "message");
      String type = xml.getAttributeValue(null, "type");
      if (text == null || text.isBlank()) {
        // cargo-nextest writes the panic into the element's text and no message.
        text = firstLine(xml);
      }
      if (text.isBlank() && type != null) {
        text = type;
      }
      message = text.strip();
      result = seen;
    }

    /**
     * The first non-blank line of the text of the element {@code xml} is at, not of its children
     * (Surefire's {@code flakyFailure} holds a {@code stackTrace}); reads to the element's end.
     */
    private static String firstLine(XMLStreamReader xml) throws XMLStreamException {
      StringBuilder text = new StringBuilder();
      int depth = 0;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (depth-- == 0) {
            break;
          }
        } else if (depth == 0
            && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
          text.append(xml.getText());
        }
      }
      return text.toString().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    }

    TestCase build() {
      return new TestCase(className, name, file, millis, result, message, List.copyOf(properties));
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

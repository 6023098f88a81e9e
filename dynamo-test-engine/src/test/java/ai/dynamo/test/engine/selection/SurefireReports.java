package ai.dynamo.test.engine.selection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The {@code <testcase>} entries and the test JVM's {@code <properties>} of every {@code
 * TEST-*.xml} in Surefire or Failsafe reports directories.
 */
final class SurefireReports {

  /** How a test case ended, as the report says. */
  enum Status {
    PASSED,
    SKIPPED,
    FAILED
  }

  /**
   * One {@code <testcase>}: {@code name} is the method name as Surefire writes it, {@code message}
   * the {@code <skipped>}, {@code <failure>} or {@code <error>} message, or empty.
   */
  record TestCase(String className, String name, Status status, String message) {

    /** {@code SimpleClassName.method}, for readable assertions. */
    String id() {
      return className.substring(className.lastIndexOf('.') + 1) + "." + name;
    }
  }

  private final List<TestCase> cases;
  private final List<Map<String, String>> properties;

  private SurefireReports(List<TestCase> cases, List<Map<String, String>> properties) {
    this.cases = List.copyOf(cases);
    this.properties = List.copyOf(properties);
  }

  /** Reads the reports in each of {@code directories} that exists. */
  static SurefireReports read(Path... directories) throws IOException {
    List<TestCase> cases = new ArrayList<>();
    List<Map<String, String>> properties = new ArrayList<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      List<Path> reports;
      try (Stream<Path> files = Files.list(directory)) {
        reports =
            files
                .filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
                .sorted()
                .toList();
      }
      for (Path report : reports) {
        Document document = parse(report);
        cases.addAll(testCases(document));
        properties.add(properties(document));
      }
    }
    return new SurefireReports(cases, properties);
  }

  private static Document parse(Path report) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(report.toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("Not a Surefire XML report: " + report, e);
    }
  }

  private static Map<String, String> properties(Document report) {
    Map<String, String> properties = new TreeMap<>();
    NodeList elements = report.getElementsByTagName("property");
    for (int i = 0; i < elements.getLength(); i++) {
      Element property = (Element) elements.item(i);
      properties.put(property.getAttribute("name"), property.getAttribute("value"));
    }
    return properties;
  }

  private static List<TestCase> testCases(Document report) {
    NodeList testcases = report.getElementsByTagName("testcase");
    List<TestCase> cases = new ArrayList<>();
    for (int i = 0; i < testcases.getLength(); i++) {
      Element testcase = (Element) testcases.item(i);
      cases.add(
          new TestCase(
              testcase.getAttribute("classname"),
              stripParentheses(testcase.getAttribute("name")),
              status(testcase),
              message(testcase)));
    }
    return cases;
  }

  private static Status status(Element testcase) {
    if (child(testcase, "skipped") != null) {
      return Status.SKIPPED;
    }
    if (child(testcase, "failure") != null || child(testcase, "error") != null) {
      return Status.FAILED;
    }
    return Status.PASSED;
  }

  private static String message(Element testcase) {
    for (String tag : List.of("skipped", "failure", "error")) {
      Element element = child(testcase, tag);
      if (element != null) {
        return element.getAttribute("message");
      }
    }
    return "";
  }

  private static Element child(Element parent, String tag) {
    NodeList children = parent.getElementsByTagName(tag);
    return children.getLength() == 0 ? null : (Element) children.item(0);
  }

  private static String stripParentheses(String name) {
    return name.endsWith("()") ? name.substring(0, name.length() - 2) : name;
  }

  List<TestCase> cases() {
    return cases;
  }

  /** Every test case's {@link TestCase#id()}, once per {@code <testcase>}: duplicates stay. */
  List<String> ids() {
    return cases.stream().map(TestCase::id).sorted().collect(Collectors.toList());
  }

  /**
   * The values that the reports give the test JVM's system property {@code key} ({@code
   * java.specification.version}, {@code surefire.test.class.path}), each once: one value when every
   * test JVM had the same.
   */
  Set<String> property(String key) {
    return properties.stream()
        .map(p -> p.get(key))
        .filter(Objects::nonNull)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The ids of the test cases with {@code status}. */
  List<String> ids(Status status) {
    return cases.stream()
        .filter(c -> c.status() == status)
        .map(TestCase::id)
        .sorted()
        .collect(Collectors.toList());
  }
}

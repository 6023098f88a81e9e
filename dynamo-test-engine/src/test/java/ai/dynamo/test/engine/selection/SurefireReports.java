package ai.dynamo.test.engine.selection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The {@code <testcase>} entries of every {@code TEST-*.xml} in a Surefire reports directory. */
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

  private SurefireReports(List<TestCase> cases) {
    this.cases = List.copyOf(cases);
  }

  static SurefireReports read(Path directory) throws IOException {
    List<TestCase> cases = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return new SurefireReports(cases);
    }
    List<Path> reports;
    try (Stream<Path> files = Files.list(directory)) {
      reports =
          files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
    }
    for (Path report : reports) {
      cases.addAll(parse(report));
    }
    return new SurefireReports(cases);
  }

  private static List<TestCase> parse(Path report) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      NodeList testcases =
          factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
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
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("Not a Surefire XML report: " + report, e);
    }
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

  /** The ids of the test cases with {@code status}. */
  List<String> ids(Status status) {
    return cases.stream()
        .filter(c -> c.status() == status)
        .map(TestCase::id)
        .sorted()
        .collect(Collectors.toList());
  }
}

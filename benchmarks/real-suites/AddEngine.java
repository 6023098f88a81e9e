import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Adds {@code ai.dynamo.test:dynamo-test-engine:<version>} as a test dependency to a project's POM,
 * in place, as the last entry of the project's own {@code <dependencies>} (not of {@code
 * dependencyManagement} or a profile). The benchmark runs it on its copy of a third-party project;
 * the POM is otherwise left as it was, comments and formatting included.
 *
 * <pre>{@code
 * java AddEngine.java <pom.xml> <version>
 * }</pre>
 */
public final class AddEngine {

  public static void main(String[] args) throws Exception {
    Path pom = Path.of(args[0]);
    String text = Files.readString(pom);
    int at = projectDependenciesEnd(text);
    if (at < 0) {
      throw new IllegalStateException(
          pom + " has no <dependencies> directly under <project>: add the engine by hand.");
    }
    String dependency =
        """
            <dependency>
              <groupId>ai.dynamo.test</groupId>
              <artifactId>dynamo-test-engine</artifactId>
              <version>%s</version>
              <scope>test</scope>
            </dependency>
        """
            .formatted(args[1]);
    int line = text.lastIndexOf('\n', at) + 1;
    Files.writeString(pom, text.substring(0, line) + dependency + text.substring(line));
  }

  /** The offset of {@code </dependencies>} of the project itself, found by element depth. */
  static int projectDependenciesEnd(String xml) {
    int depth = 0;
    boolean inProjectDependencies = false;
    int i = 0;
    while (i < xml.length()) {
      int lt = xml.indexOf('<', i);
      if (lt < 0) {
        return -1;
      }
      if (xml.startsWith("<!--", lt)) {
        i = xml.indexOf("-->", lt) + 3;
        continue;
      }
      if (xml.startsWith("<?", lt) || xml.startsWith("<!", lt)) {
        i = xml.indexOf('>', lt) + 1;
        continue;
      }
      int gt = xml.indexOf('>', lt);
      String tag = xml.substring(lt + 1, gt);
      boolean closing = tag.startsWith("/");
      boolean empty = tag.endsWith("/");
      String name = tag.replaceFirst("^/", "").split("[\\s/]", 2)[0];
      if (closing) {
        depth--;
        if (inProjectDependencies && depth == 1 && name.equals("dependencies")) {
          return lt;
        }
      } else if (!empty) {
        if (depth == 1 && name.equals("dependencies")) {
          inProjectDependencies = true;
        }
        depth++;
      }
      i = gt + 1;
    }
    return -1;
  }
}

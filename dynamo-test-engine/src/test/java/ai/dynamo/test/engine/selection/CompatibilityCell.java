package ai.dynamo.test.engine.selection;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One cell of the compatibility matrix: the JUnit version a user's BOM pins, the test plugin
 * (Surefire or Failsafe) and its version, and the Java feature version of the JVM that runs the
 * tests. The project itself is always compiled for Java 17 by the JDK that runs this build.
 */
record CompatibilityCell(String junit, boolean failsafe, String pluginVersion, int java) {

  /** The base cell, and one axis changed at a time around it. */
  static final List<CompatibilityCell> MATRIX =
      List.of(
          new CompatibilityCell("5.14.4", false, "3.5.6", 17),
          new CompatibilityCell("6.0.3", false, "3.5.6", 17),
          new CompatibilityCell("6.1.3", false, "3.5.6", 17),
          new CompatibilityCell("5.14.4", false, "3.2.5", 17),
          new CompatibilityCell("5.14.4", false, "3.6.1", 17),
          new CompatibilityCell("5.14.4", true, "3.5.6", 17),
          new CompatibilityCell("5.14.4", false, "3.5.6", 21),
          new CompatibilityCell("5.14.4", false, "3.5.6", 25));

  private static final Path JDKS = Path.of("/usr/lib/jvm");

  private static final Pattern RELEASE_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

  /** A short name for directories: {@code junit-5.14.4_surefire-3.5.6_java-17}. */
  String id() {
    return "junit-" + junit + "_" + plugin() + "-" + pluginVersion + "_java-" + java;
  }

  String plugin() {
    return failsafe ? "failsafe" : "surefire";
  }

  /** How Maven's log names the plugin's execution: {@code --- surefire:3.5.6:test}. */
  String pluginExecution() {
    return "--- " + plugin() + ":" + pluginVersion + ":" + (failsafe ? "integration-test" : "test");
  }

  /** The JUnit Platform's version that goes with {@link #junit()}: 5.14.4 has platform 1.14.4. */
  String platform() {
    return junit.startsWith("5.") ? "1." + junit.substring(2) : junit;
  }

  /**
   * The {@code java} executable of a JDK of this cell's feature version: the one running this
   * build, the one named by the system property {@code it.jdk.<version>}, or one under
   * /usr/lib/jvm. Aborts the cell, with the reason, when there is none.
   */
  String jvm() {
    if (Runtime.version().feature() == java) {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
    String named = System.getProperty("it.jdk." + java);
    if (named != null && !named.isBlank()) {
      return Path.of(named, "bin", "java").toString();
    }
    return installedJdk()
        .map(home -> home.resolve("bin").resolve("java").toString())
        .orElseGet(
            () ->
                abort(
                    "not run here: no JDK "
                        + java
                        + " under "
                        + JDKS
                        + " (see docs/compatibility.md); -Dit.jdk."
                        + java
                        + "=<JDK home> runs this cell"));
  }

  private Optional<Path> installedJdk() {
    if (!Files.isDirectory(JDKS)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(JDKS)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
          .filter(home -> featureVersion(home.resolve("release")) == java)
          .sorted()
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int featureVersion(Path release) {
    try {
      Matcher version = RELEASE_VERSION.matcher(Files.readString(release));
      return version.find() ? Integer.parseInt(version.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return "JUnit " + junit + ", " + plugin() + " " + pluginVersion + ", Java " + java;
  }
}

package ai.dynamo.test.engine.environment;

import ai.dynamo.test.engine.Constants;
import java.util.Optional;

/**
 * Testcontainers, which container mode needs and the user's build provides: the engine declares it
 * as an optional dependency, so a build that never runs a service in a container does not get it
 * and its dependencies (docker-java, JNA, commons-compress) on its test class path
 * (docs/footprint.md). Asked once per run, before anything touches Testcontainers.
 *
 * <pre>{@code
 * ContainerLibrary.problem().ifPresent(message -> { throw new ServiceStartException(message); });
 * }</pre>
 */
final class ContainerLibrary {

  /** The oldest Testcontainers container mode runs on (the 1.21 line and 2.0 are tested). */
  static final String MINIMUM = "1.21.0";

  /** The supported versions, as the messages and docs/footprint.md name them. */
  static final String SUPPORTED = "1.21.x or 2.0.x";

  private static final String ARTIFACT = "org.testcontainers:testcontainers";

  /** A class of Testcontainers' core that every supported version has, in its root package. */
  private static final String PROBE_CLASS = "org.testcontainers.DockerClientFactory";

  private ContainerLibrary() {}

  /**
   * Why container mode cannot run with the Testcontainers on this class path: missing, or older
   * than {@link #MINIMUM}; empty when it can.
   */
  static Optional<String> problem() {
    return problem(ContainerLibrary.class.getClassLoader());
  }

  /** As {@link #problem()}, for the Testcontainers {@code loader} sees. */
  static Optional<String> problem(ClassLoader loader) {
    Class<?> probe;
    try {
      probe = Class.forName(PROBE_CLASS, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of(
          "Container mode runs services through Testcontainers, which is not on the test class"
              + " path: the dynamo engine does not bring it (docs/footprint.md). Add "
              + ARTIFACT
              + " "
              + SUPPORTED
              + " as a test dependency, or run services as local processes with "
              + Constants.ENV_MODE
              + "=local.");
    }
    Package root = probe.getPackage();
    return problemWithVersion(root == null ? null : root.getImplementationVersion());
  }

  /**
   * Why container mode cannot run with Testcontainers {@code version}; empty when it can, or when
   * the version is unknown (a repackaged jar without its manifest), which is given the benefit of
   * the doubt.
   */
  static Optional<String> problemWithVersion(String version) {
    if (version == null || version.isBlank() || !olderThanMinimum(version.strip())) {
      return Optional.empty();
    }
    return Optional.of(
        "Container mode needs Testcontainers "
            + SUPPORTED
            + " ("
            + MINIMUM
            + " or later), but the test class path has "
            + ARTIFACT
            + " "
            + version.strip()
            + ". Raise its version in your build, or run services as local processes with "
            + Constants.ENV_MODE
            + "=local.");
  }

  private static boolean olderThanMinimum(String version) {
    int[] found = numbers(version);
    int[] minimum = numbers(MINIMUM);
    for (int i = 0; i < minimum.length; i++) {
      if (found[i] != minimum[i]) {
        return found[i] < minimum[i];
      }
    }
    return false;
  }

  /** Major, minor and patch of {@code 1.21.4}, {@code 2.0.5} or {@code 1.20.0-rc1}; 0 if absent. */
  private static int[] numbers(String version) {
    int[] numbers = new int[3];
    String[] parts = version.split("[.-]");
    for (int i = 0; i < numbers.length && i < parts.length; i++) {
      String digits = parts[i].replaceAll("\\D.*", "");
      if (digits.isEmpty() || digits.length() > 9) {
        break;
      }
      numbers[i] = Integer.parseInt(digits);
    }
    return numbers;
  }
}

package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check container mode makes before touching Testcontainers, which the engine leaves to the
 * user's build: missing or too old, it says what to declare (UserClassPathIT runs it in a real
 * build without Testcontainers).
 */
@Stage(PRE_MERGE)
@TestType(UNIT)
class ContainerLibraryTests {

  @Test
  void acceptsTheTestcontainersOfThisBuild() {
    assertThat(ContainerLibrary.problem()).isEmpty();
  }

  @Test
  void namesTheArtifactAndTheSupportedVersionsWhenTestcontainersIsMissing() throws Exception {
    try (URLClassLoader withoutTestcontainers =
        new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      assertThat(ContainerLibrary.problem(withoutTestcontainers))
          .hasValueSatisfying(
              message ->
                  assertThat(message)
                      .contains("Testcontainers, which is not on the test class path")
                      .contains("Add org.testcontainers:testcontainers 1.21.x or 2.0.x")
                      .contains("dynamo.env.mode=local"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.20.6", "1.19.8", "0.9.9"})
  void refusesAVersionOlderThan121NamingWhatWasFound(String version) {
    assertThat(ContainerLibrary.problemWithVersion(version))
        .hasValue(
            "Container mode needs Testcontainers 1.21.x or 2.0.x (1.21.0 or later), but the test"
                + " class path has org.testcontainers:testcontainers "
                + version
                + ". Raise its version in your build, or run services as local processes with"
                + " dynamo.env.mode=local.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.21.0", "1.21.4", "2.0.5", "2.1.0-rc1", "3.0", ""})
  void acceptsSupportedNewerAndUnknownVersions(String version) {
    assertThat(ContainerLibrary.problemWithVersion(version)).isEmpty();
  }
}

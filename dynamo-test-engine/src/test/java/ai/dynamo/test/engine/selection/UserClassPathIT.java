package ai.dynamo.test.engine.selection;

import static ai.dynamo.test.api.Capability.DOCKER;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.report.ReportTestSupport;
import ai.dynamo.test.engine.selection.FixtureBuild.Result;
import ai.dynamo.test.engine.selection.SurefireReports.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the engine adds to a user's test class path, seen from real Maven builds of user projects
 * that pin their own libraries (docs/footprint.md): {@code src/it/pinned-jackson} pins Jackson
 * 2.12, {@code src/it/pinned-testcontainers} pins Testcontainers 1.21 and runs NATS in a container.
 * Neither project gets a library version from the engine, and the engine still writes its reports
 * and runs its containers.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class UserClassPathIT {

  private static final String PINNED_JACKSON = System.getProperty("it.jackson.pinned.version");

  @Test
  @Tutorial("docs/footprint.md#inside-the-engines-jar-jackson-jacoco-core-and-asm")
  void projectPinningJackson212KeepsItsJacksonAndGetsValidReportsAndCoverage() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("pinned-jackson", "pinned-jackson");
    Result build = fixture.test();

    assertThat(build.exitCode()).as(build.describe()).isZero();
    // The test asserts at run time that it sees the pinned jackson-databind jar and version 2.12.
    assertThat(build.reports().ids(Status.PASSED))
        .as(build.describe())
        .containsExactly("OwnJacksonTest.readsJsonWithTheProjectsOwnJackson");
    Path reports = fixture.directory().resolve("target/dynamo");
    for (String report : List.of("summary", "plan")) {
      Path file = reports.resolve(report + ".json");
      assertThat(file).as(build.describe()).isRegularFile();
      Path schema = Path.of(System.getProperty("it.docs"), "schemas", report + ".schema.json");
      assertThat(ReportTestSupport.violations(schema, Files.readString(file)))
          .as(file.toString())
          .isEmpty();
    }
    assertThat(Files.readString(reports.resolve("summary.json")))
        .contains("readsJsonWithTheProjectsOwnJackson");
    // The fixture attaches the JaCoCo agent; the engine's own JaCoCo core (shaded) analyses it.
    assertThat(build.output())
        .as(build.describe())
        .containsPattern("\\[dynamo\\] Coverage unit: [1-9][0-9.]*% lines")
        .doesNotContain("coverage not measured");
  }

  @Test
  @Tutorial("docs/footprint.md#the-dependency-tree-of-a-user-project")
  void dependencyTreeOfAUserProjectShowsNoLibraryTheEngineShades() throws Exception {
    FixtureBuild fixture = FixtureBuild.copy("pinned-jackson", "dependency-tree");
    Result build = fixture.build("dependency:tree", "-DoutputFile=tree.txt");
    assertThat(build.exitCode()).as(build.describe()).isZero();
    List<String> tree = Files.readAllLines(fixture.directory().resolve("tree.txt"));

    List<String> fromEngine = subtree(tree, ":dynamo-test-engine:");
    assertThat(fromEngine)
        .as(String.join("\n", tree))
        .isNotEmpty()
        .noneMatch(line -> line.contains("com.fasterxml.jackson"))
        .noneMatch(line -> line.contains("org.jacoco"))
        .noneMatch(line -> line.contains("org.ow2.asm"))
        .noneMatch(line -> line.contains("org.testcontainers"))
        .noneMatch(line -> line.contains("com.github.docker-java"));
    // The project's Jackson is the only one: the databind it pins, with its core and annotations.
    String[] pinned = PINNED_JACKSON.split("\\.");
    String line = pinned[0] + "." + pinned[1] + ".";
    assertThat(tree)
        .filteredOn(entry -> entry.contains("com.fasterxml.jackson"))
        .hasSize(3)
        .allMatch(entry -> entry.contains(":" + line), "of the " + line + "x line");
  }

  @Test
  @Requires(DOCKER)
  @Tutorial("docs/footprint.md#testcontainers-only-for-container-mode")
  void containerModeRunsOnTheTestcontainersTheProjectPins() throws Exception {
    Result build =
        FixtureBuild.copy("pinned-testcontainers", "pinned-testcontainers")
            .test("-Ddynamo.env.mode=container", "-Ddynamo.env.container.network=host");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    // The test asserts that NATS answers from a container and that Testcontainers is the pinned
    // one.
    assertThat(build.reports().ids(Status.PASSED))
        .as(build.describe())
        .containsExactly("NatsInContainerTest.natsAnswersInTheExpectedMode(ServiceHandle)");
  }

  @Test
  @Tutorial("docs/footprint.md#testcontainers-only-for-container-mode")
  void containerModeWithoutTestcontainersFailsNamingTheSupportedVersions() throws Exception {
    Result build =
        FixtureBuild.copy("pinned-testcontainers", "no-testcontainers")
            .test(
                "-Dno-testcontainers",
                "-Ddynamo.env.mode=container",
                "-Ddynamo.env.container.network=host");

    assertThat(build.exitCode()).as(build.describe()).isNotZero();
    assertThat(build.reports().cases())
        .as(build.describe())
        .isNotEmpty()
        .allSatisfy(
            test -> {
              assertThat(test.status()).isEqualTo(Status.FAILED);
              assertThat(test.message())
                  .contains("Testcontainers, which is not on the test class path")
                  .contains("org.testcontainers:testcontainers 1.21.x or 2.0.x")
                  .contains("dynamo.env.mode=local");
            });
  }

  @Test
  @Requires(commands = "nats-server")
  @Tutorial("docs/footprint.md#testcontainers-only-for-container-mode")
  void autoModeWithoutTestcontainersRunsServicesAsLocalProcesses() throws Exception {
    Result build =
        FixtureBuild.copy("pinned-testcontainers", "auto-without-testcontainers")
            .test("-Dno-testcontainers", "-Ddynamo.env.mode=auto", "-Dfixture.expected.mode=LOCAL");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    // The test asserts that NATS answers and runs as a local process.
    assertThat(build.reports().ids(Status.PASSED))
        .as(build.describe())
        .containsExactly("NatsInContainerTest.natsAnswersInTheExpectedMode(ServiceHandle)");
  }

  /** The lines below the first line containing {@code marker}, deeper in the tree than it. */
  private static List<String> subtree(List<String> tree, String marker) {
    List<String> below = new ArrayList<>();
    int depth = -1;
    for (String line : tree) {
      int lineDepth = depth(line);
      if (depth < 0) {
        if (line.contains(marker)) {
          depth = lineDepth;
        }
      } else if (lineDepth > depth) {
        below.add(line);
      } else {
        break;
      }
    }
    assertThat(depth).as("a line with %s in:%n%s", marker, String.join("\n", tree)).isNotNegative();
    return below;
  }

  /** Where the artifact's coordinates start: the tree's indentation grows by three per level. */
  private static int depth(String line) {
    int i = 0;
    while (i < line.length() && " |+-\\".indexOf(line.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }
}

package ai.dynamo.test.engine.selection;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.selection.FixtureBuild.Result;
import ai.dynamo.test.engine.selection.SurefireReports.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility matrix of docs/compatibility.md: the same user project ({@code
 * src/it/compatibility}) built for real by Maven, once per cell, with one of JUnit, the test plugin
 * and the JVM changed from a base cell (JUnit 5.14, Surefire 3.5, Java 17), and judged by what a
 * user sees: which tests the Surefire or Failsafe XML reports list with which outcome, the engine's
 * {@code [dynamo]} selection and summary lines, and the versions that really ran.
 */
@Stage(NIGHTLY)
@TestType(INTEGRATION)
@Tutorial("docs/compatibility.md#the-matrix")
class CompatibilityMatrixIT {

  private static final String FIXTURE = "compatibility";

  /** The summary table's last row: 4 passed, 0 flaky, failed or aborted, 1 skipped. */
  private static final Pattern TOTAL_ROW =
      Pattern.compile("\\n\\s*total\\s+4\\s+0\\s+0\\s+0\\s+1\\s*\\n");

  private static final Pattern JUPITER_ENGINE =
      Pattern.compile("junit-jupiter-engine-([0-9][^/\\\\]*?)\\.jar");

  private static final Pattern PLATFORM_ENGINE =
      Pattern.compile("junit-platform-engine-([0-9][^/\\\\]*?)\\.jar");

  static Stream<CompatibilityCell> cells() {
    return CompatibilityCell.MATRIX.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void runsThePreMergeStageOnceOnTheCellsVersions(CompatibilityCell cell) throws Exception {
    String jvm = "-Djvm=" + cell.jvm();
    Map<String, String> versions =
        Map.of("@junit.version@", cell.junit(), "@surefire.version@", cell.pluginVersion());
    FixtureBuild project = FixtureBuild.copy(FIXTURE, "compatibility-" + cell.id(), versions);
    Result build =
        cell.failsafe() ? project.build("verify", "-Pfailsafe", jvm) : project.build("test", jvm);

    assertThat(build.exitCode()).as(build.describe()).isZero();
    // Listed with duplicates: a test that ran twice (by both engines, or by both plugins) would
    // appear twice; the nightly test must not appear at all.
    assertThat(build.reports().ids(Status.PASSED))
        .as(build.describe())
        .containsExactly(
            "PreMergeChecksTest$Trimming.trimsNames",
            "PreMergeChecksTest.namesAService(String)[1]",
            "PreMergeChecksTest.namesAService(String)[2]",
            "PreMergeChecksTest.parsesPort");
    assertThat(build.reports().cases())
        .as(build.describe())
        .filteredOn(c -> c.status() != Status.PASSED)
        .singleElement()
        .satisfies(
            skipped -> {
              assertThat(skipped.id()).isEqualTo("PreMergeChecksTest.uploadsResults");
              assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
              assertThat(skipped.message())
                  .isEqualTo("requires environment variable COMPATIBILITY_FIXTURE_TOKEN: not set");
            });
    assertThat(build.output())
        .as(build.describe())
        .contains(cell.pluginExecution())
        .contains("[dynamo] dynamo.stage=pre-merge: selected 4 of 5 tests")
        .contains("[dynamo] Run summary (dynamo.stage=pre-merge)")
        .containsPattern(TOTAL_ROW);
    assertRanOn(cell, build);
  }

  /** The versions that really ran, as the test JVM recorded them in the reports. */
  private static void assertRanOn(CompatibilityCell cell, Result build) {
    assertThat(build.reports().property("java.specification.version"))
        .as("the test JVM's Java version\n" + build.describe())
        .containsExactly(String.valueOf(cell.java()));
    Set<String> classPaths = build.reports().property("surefire.test.class.path");
    assertThat(classPaths).as(build.describe()).isNotEmpty();
    for (String classPath : classPaths) {
      assertThat(versions(JUPITER_ENGINE, classPath))
          .as("Jupiter engine jars on the test class path %s", classPath)
          .containsExactly(cell.junit());
      assertThat(versions(PLATFORM_ENGINE, classPath))
          .as("JUnit Platform engine jars on the test class path %s", classPath)
          .containsExactly(cell.platform());
    }
  }

  private static List<String> versions(Pattern jar, String classPath) {
    return jar.matcher(classPath).results().map(m -> m.group(1)).distinct().toList();
  }
}

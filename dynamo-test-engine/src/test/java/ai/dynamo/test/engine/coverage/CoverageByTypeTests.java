package ai.dynamo.test.engine.coverage;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.engine;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.coverage.CoverageReport.Figures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jacoco.core.data.ExecutionDataReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Coverage by test type measured with the real JaCoCo agent: a forked JVM with {@code -javaagent}
 * runs {@link CoverageFixtures} (a unit test of {@code a}, an e2e test of {@code b}) through the
 * Launcher, and the exec files and summary it leaves are checked against the known code.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class CoverageByTypeTests {

  @TempDir Path tmp;

  private Path classesOfSubject() throws Exception {
    String name = CoverageSubject.class.getName().replace('.', '/') + ".class";
    Path source = Path.of(CoverageSubject.class.getClassLoader().getResource(name).toURI());
    Path dir = tmp.resolve("classes");
    Files.createDirectories(dir.resolve(name).getParent());
    Files.copy(source, dir.resolve(name));
    return dir;
  }

  private String runWithAgent(Path reports, Path classes, String minimumUnit) throws Exception {
    Run run = forkWithAgent(reports, classes, minimumUnit);
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run.output();
  }

  private record Run(int exitCode, String output) {}

  private Run forkWithAgent(Path reports, Path classes, String... arguments) throws Exception {
    String agent = System.getProperty("jacoco.agent.jar");
    assertThat(agent).as("jacoco.agent.jar system property from the pom").isNotNull();
    assertThat(Path.of(agent)).exists();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = tmp.resolve("out.log");
    ProcessBuilder process =
        new ProcessBuilder(
                java.toString(),
                "-javaagent:" + agent + "=output=none",
                "-cp",
                System.getProperty("java.class.path"),
                CoverageFixtures.class.getName(),
                reports.toString(),
                classes.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    process.command().addAll(List.of(arguments));
    Process started = process.start();
    try {
      assertThat(started.waitFor(120, TimeUnit.SECONDS)).as("the forked JVM finished").isTrue();
      return new Run(started.exitValue(), Files.readString(log));
    } finally {
      started.destroyForcibly();
    }
  }

  @Test
  void saysNoTestRanRatherThanNoAgentWhenARunWithTheAgentStopsBeforeItsTests() throws Exception {
    Path reports = tmp.resolve("reports");

    Run run = forkWithAgent(reports, classesOfSubject(), "0.0", "weekly");

    assertThat(run.output())
        .contains("matches none of the 3 tests of this run")
        .contains("[dynamo] Coverage: coverage not measured (no test of this run ran)")
        .doesNotContain("no JaCoCo agent");
  }

  @Test
  void splitsLineAndBranchCoverageByTestType() throws Exception {
    Path reports = tmp.resolve("reports");
    Path classes = classesOfSubject();

    String output = runWithAgent(reports, classes, "0.0");

    assertThat(reports.resolve("coverage/unit.exec")).exists();
    assertThat(reports.resolve("coverage/e2e.exec")).exists();
    CoverageReport report = CoverageReport.analyze(reports.resolve("coverage"), List.of(classes));
    // a: 4 lines, x > 0 taken one way; b: 4 lines, both ways.
    assertThat(report.byType().get("unit")).isEqualTo(new Figures(4, 8, 1, 4));
    assertThat(report.byType().get("e2e")).isEqualTo(new Figures(4, 8, 2, 4));
    assertThat(report.combined()).isEqualTo(new Figures(8, 8, 3, 4));
    String subject = CoverageSubject.class.getName().replace('.', '/');
    assertThat(report.slowOnly()).containsOnlyKeys(subject);
    assertThat(report.slowOnly().get(subject)).hasSize(4);
    assertThat(output)
        .contains("[dynamo] Coverage unit: 50.0% lines (4/8), 25.0% branches (1/4)")
        .contains("[dynamo] Coverage e2e: 50.0% lines (4/8), 50.0% branches (2/4)")
        .contains("[dynamo] Coverage: " + reports.resolve("coverage").toAbsolutePath());
    assertThat(Files.readString(reports.resolve("summary.md")))
        .contains("| unit | 50.0% (4/8) | 25.0% (1/4) |")
        .contains("| **combined** | 100.0% (8/8) | 75.0% (3/4) |")
        .contains("Reached only by slow test types (not by unit tests): 4 lines in 1 classes");
    assertThat(output).contains("[fixture] engine [engine:dynamo] SUCCESSFUL");
  }

  @Test
  void takesOneDumpPerTestClassNotOnePerTest() throws Exception {
    Path reports = tmp.resolve("reports");

    runWithAgent(reports, classesOfSubject(), "0.0");

    // A dump holds every instrumented class loaded so far, so one per test would grow the exec
    // files and the run's time with the number of tests. E2eCallsB's two tests run inside their
    // class, of its type: one dump, when the class finishes (each dump starts a session).
    assertThat(sessions(reports.resolve("coverage/e2e.exec"))).isEqualTo(1);
    assertThat(sessions(reports.resolve("coverage/unit.exec"))).isEqualTo(1);
  }

  private static int sessions(Path exec) throws Exception {
    int[] sessions = {0};
    try (InputStream in = Files.newInputStream(exec)) {
      ExecutionDataReader reader = new ExecutionDataReader(in);
      reader.setSessionInfoVisitor(info -> sessions[0]++);
      reader.setExecutionDataVisitor(data -> {});
      reader.read();
    }
    return sessions[0];
  }

  @Test
  void countsCodeRunOutsideAnyTestInTheCombinedFigureOnlyNeverAsATestType() throws Exception {
    Path reports = tmp.resolve("reports");
    Path classes = classesOfSubject();

    runWithAgent(reports, classes, "0.0");

    // Engine start-up and the end of the run leave data that belongs to no test.
    assertThat(reports.resolve("coverage/outside.exec")).exists();
    CoverageReport report = CoverageReport.analyze(reports.resolve("coverage"), List.of(classes));
    assertThat(report.byType()).containsOnlyKeys("unit", "e2e");
    String md = Files.readString(reports.resolve("summary.md"));
    assertThat(md).doesNotContain("| outside |", "| mixed |");
    String json = Files.readString(reports.resolve("summary.json"));
    assertThat(json)
        .contains("\"measured\": true")
        .contains("\"type\": \"unit\"")
        .contains("\"type\": \"e2e\"")
        .doesNotContain("\"type\": \"outside\"", "\"type\": \"mixed\"");
    assertThat(Files.readString(reports.resolve("report.html")))
        .contains("<svg id=\"chart-coverage\"", "<table id=\"code-coverage\"")
        .doesNotContain("<title>outside:");
  }

  @Test
  void writesTheCoverageFiguresAndMinimumsIntoSummaryJson() throws Exception {
    Path reports = tmp.resolve("reports");

    runWithAgent(reports, classesOfSubject(), "0.80");

    JsonNode coverage =
        new ObjectMapper().readTree(reports.resolve("summary.json").toFile()).get("coverage");
    assertThat(coverage.get("measured").asBoolean()).isTrue();
    JsonNode unit = coverage.get("types").get(0);
    assertThat(unit.get("type").asText()).isEqualTo("unit");
    assertThat(unit.get("figures").toString())
        .isEqualTo(
            "{\"linesCovered\":4,\"lines\":8,\"lineRatio\":0.5,"
                + "\"branchesCovered\":1,\"branches\":4,\"branchRatio\":0.25}");
    assertThat(unit.get("minimum").asDouble()).isEqualTo(0.8);
    assertThat(unit.get("belowMinimum").asBoolean()).isTrue();
    JsonNode e2e = coverage.get("types").get(1);
    assertThat(e2e.get("type").asText()).isEqualTo("e2e");
    assertThat(e2e.has("minimum")).isFalse();
    assertThat(e2e.get("belowMinimum").asBoolean()).isFalse();
    assertThat(coverage.get("combined").get("lineRatio").asDouble()).isEqualTo(1.0);
    assertThat(coverage.get("belowMinimum").get(0).asText())
        .isEqualTo(
            "Line coverage of unit tests is 50.0%, below the minimum 80.0%"
                + " (dynamo.coverage.minimum.unit=0.8).");
  }

  @Test
  void failsTheRunWhenATypeIsBelowItsMinimum() throws Exception {
    Path reports = tmp.resolve("reports");

    String output = runWithAgent(reports, classesOfSubject(), "0.80");

    // Every test passed, and yet the run fails: its root carries the figures.
    assertThat(output)
        .contains(
            "[fixture] engine [engine:dynamo] FAILED: "
                + CoverageMinimumNotMet.class.getName()
                + ": Line coverage of unit tests is 50.0%, below the minimum 80.0%"
                + " (dynamo.coverage.minimum.unit=0.8).")
        .contains(
            "[dynamo] ERROR Line coverage of unit tests is 50.0%, below the minimum 80.0%"
                + " (dynamo.coverage.minimum.unit=0.8).");
    assertThat(Files.readString(reports.resolve("summary.md"))).contains("**Below minimum:**");
  }

  private EngineExecutionResults runUnitTestInThisJvm(String key, String value) {
    return EngineTestKit.engine("dynamo")
        .selectors(selectClass(CoverageFixtures.UnitCallsA.class))
        .configurationParameter("dynamo.reports.dir", tmp.toString())
        .configurationParameter(key, value)
        .execute();
  }

  @Test
  void failsTheRunWhenAMinimumIsSetButNoAgentMeasures() {
    assumeFalse(System.getProperty("java.class.path").contains("jacocoagent"));

    EngineExecutionResults results = runUnitTestInThisJvm("dynamo.coverage.minimum.unit", "0.5");

    results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                engine(),
                finishedWithFailure(
                    instanceOf(CoverageMinimumNotMet.class),
                    message(m -> m.contains("coverage was not measured: no JaCoCo agent")),
                    message(m -> m.contains("prepare-agent")))));
  }

  @Test
  void rejectsAMinimumThatIsNotARatioAtDiscoveryBeforeAnyTestRuns() {
    assertThatThrownBy(() -> runUnitTestInThisJvm("dynamo.coverage.minimum.e2e", "80%"))
        .rootCause()
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "dynamo.coverage.minimum.e2e=80% is not a coverage ratio: give a number from 0 to 1,"
                + " such as 0.80.");
  }

  @Test
  void withoutAgentSaysNotMeasuredNeverZero() {
    // This JVM runs without -javaagent unless the build attached one.
    assumeFalse(System.getProperty("java.class.path").contains("jacocoagent"));
    assertThat(CoverageRecorder.attach(tmp)).isEmpty();
    assertThat(new File(tmp.toFile(), CoverageRecorder.DIR)).doesNotExist();
  }
}

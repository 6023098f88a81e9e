package ai.dynamo.test.engine.merge;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.report.ReportTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.report.ReportJson;
import ai.dynamo.test.engine.report.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage by test type merged from the exec files of two shard runs, each a JVM with the real
 * JaCoCo agent running {@code coverage.CoverageFixtures} (a unit test of one method, an e2e test of
 * another), equals the coverage of one JVM that ran both shards' tests.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class MergedCoverageTests {

  private static final String FIXTURES = "ai.dynamo.test.engine.coverage.CoverageFixtures";
  private static final String SUBJECT = "ai/dynamo/test/engine/coverage/CoverageSubject.class";

  @TempDir Path tmp;

  @Test
  void coverageByTypeOfTheMergedShardsEqualsASingleJvmRunLineForLine() throws Exception {
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes.resolve(SUBJECT).getParent());
    Files.copy(
        Path.of(getClass().getClassLoader().getResource(SUBJECT).toURI()),
        classes.resolve(SUBJECT));
    fork(tmp.resolve("single"), classes);
    fork(tmp.resolve("shard-1"), classes, "dynamo.shard=1/2");
    fork(tmp.resolve("shard-2"), classes, "dynamo.shard=2/2");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        MergeReports.run(
            new String[] {"--inputs", "shard-*", "--classes", "classes", "--output", "merged"},
            tmp,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Summary.CodeCoverage single = summary(tmp.resolve("single")).coverage();
    Summary.CodeCoverage merged = summary(tmp.resolve("merged")).coverage();
    assertThat(single.measured()).isTrue();
    assertThat(merged).isEqualTo(single);
    assertThat(merged.types())
        .extracting(Summary.TypeCoverage::type, t -> t.figures().linesCovered())
        .containsExactly(tuple("unit", 4), tuple("e2e", 4));
    assertThat(merged.slowOnly()).hasSize(1);
    assertThat(tmp.resolve("merged/coverage/unit.exec")).exists();
    assertThat(tmp.resolve("merged/coverage/e2e.exec")).exists();
    // Each shard alone measured only its own classes' types.
    List<String> typesByShard = new ArrayList<>();
    for (String shard : List.of("shard-1", "shard-2")) {
      summary(tmp.resolve(shard)).coverage().types().forEach(t -> typesByShard.add(t.type()));
    }
    assertThat(typesByShard).containsExactlyInAnyOrder("unit", "e2e");
  }

  private static Summary summary(Path dir) {
    return ReportJson.read(read(dir.resolve("summary.json")), Summary.class);
  }

  private void fork(Path reports, Path classes, String... parameters) throws Exception {
    String agent = System.getProperty("jacoco.agent.jar");
    assertThat(agent).as("jacoco.agent.jar system property from the pom").isNotNull();
    Path log = tmp.resolve(reports.getFileName() + ".log");
    ProcessBuilder process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent + "=output=none",
                "-cp",
                System.getProperty("java.class.path"),
                FIXTURES,
                reports.toString(),
                classes.toString(),
                "0.0",
                "",
                "dynamo.history=off",
                "dynamo.history.revision=abc")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    process.command().addAll(List.of(parameters));
    Process started = process.start();
    try {
      assertThat(started.waitFor(120, TimeUnit.SECONDS)).as("the forked JVM finished").isTrue();
      assertThat(Files.readString(log)).contains("[fixture] engine [engine:dynamo] SUCCESSFUL");
    } finally {
      started.destroyForcibly();
    }
  }
}

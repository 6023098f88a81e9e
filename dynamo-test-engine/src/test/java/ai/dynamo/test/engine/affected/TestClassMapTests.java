package ai.dynamo.test.engine.affected;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.affected.fixture.Pricing;
import ai.dynamo.test.engine.affected.fixture.PricingCheck;
import ai.dynamo.test.engine.affected.fixture.Shipping;
import ai.dynamo.test.engine.history.RunFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jacoco.core.data.ExecutionData;
import org.jacoco.core.data.ExecutionDataWriter;
import org.jacoco.core.internal.data.CRC64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test-to-class map: built from real JaCoCo execution data, kept in the history directory by
 * many writers at once, and recorded by a real run with the JaCoCo agent attached.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("affected-tests")
@Tutorial("docs/affected.md#the-keys")
class TestClassMapTests {

  @TempDir Path tmp;

  private static byte[] bytesOf(Class<?> type) throws Exception {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  /** One agent dump: Pricing with a probe hit, Shipping loaded but not run, and a JDK class. */
  private static byte[] dump() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExecutionDataWriter writer = new ExecutionDataWriter(out);
    writer.visitClassExecution(
        new ExecutionData(
            CRC64.classId(bytesOf(Pricing.class)),
            Pricing.class.getName().replace('.', '/'),
            new boolean[] {true, false}));
    writer.visitClassExecution(
        new ExecutionData(
            CRC64.classId(bytesOf(Shipping.class)),
            Shipping.class.getName().replace('.', '/'),
            new boolean[] {false, false}));
    writer.visitClassExecution(
        new ExecutionData(
            CRC64.classId(bytesOf(String.class)), "java/lang/String", new boolean[] {true}));
    return out.toByteArray();
  }

  @Test
  void creditsTheProjectClassesWithAProbeHitToTheTestClassesThatRan() throws Exception {
    MapRecorder recorder = new MapRecorder(getClass().getClassLoader());

    recorder.dumped(dump(), Set.of(PricingCheck.class.getName()));
    recorder.dumped(dump(), Set.of());

    List<TestClassMap.Entry> entries = recorder.entries("abc123");
    assertThat(entries).hasSize(1);
    TestClassMap.Entry entry = entries.get(0);
    assertThat(entry.testClass()).isEqualTo(PricingCheck.class.getName());
    assertThat(entry.revision()).isEqualTo("abc123");
    assertThat(entry.testClassId()).isEqualTo(CRC64.classId(bytesOf(PricingCheck.class)));
    // Shipping ran no probe; String comes from the JDK, not from the project's directories.
    assertThat(entry.reached())
        .containsExactly(Map.entry(Pricing.class.getName(), CRC64.classId(bytesOf(Pricing.class))));
  }

  @Test
  void keepsTheNewestRecordOfATestClassAndSurvivesAFileRoundTrip() {
    TestClassMapStore store = TestClassMapStore.of(tmp);
    store.write(
        List.of(new TestClassMap.Entry("a.ATests", 1, "r1", 10, Map.of("a.Old", 5L))), false);
    store.write(
        List.of(new TestClassMap.Entry("a.ATests", 2, "r2", 20, Map.of("a.New", 6L))), true);

    TestClassMap map = store.read();

    assertThat(map.of("a.ATests").orElseThrow())
        .isEqualTo(new TestClassMap.Entry("a.ATests", 2, "r2", 20, Map.of("a.New", 6L)));
    assertThat(tmp.resolve("affected/incoming")).isDirectory();

    // As ShardPlanner --promote and MergeReports settle the shards' records.
    store.settle();

    assertThat(tmp.resolve("affected/incoming").toFile().list((d, n) -> n.endsWith(".tsv")))
        .isEmpty();
    assertThat(store.read().of("a.ATests").orElseThrow().revision()).isEqualTo("r2");
  }

  @Test
  void losesNoRecordWhenThreadsAndProcessesWriteAtOnce() throws Exception {
    Path history = tmp.resolve("history");
    int threads = 6;
    int processes = 2;
    int runs = 15;
    List<Process> started = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      started.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  MapWriterFixture.class.getName(),
                  history.toString(),
                  "p" + p,
                  String.valueOf(runs))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("p" + p + ".log").toFile())
              .start());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String writer = "t" + t;
        writers.add(
            pool.submit(
                () ->
                    MapWriterFixture.main(
                        new String[] {history.toString(), writer, String.valueOf(runs)})));
      }
      for (Future<?> writer : writers) {
        writer.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Process process : started) {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("writer finished").isTrue();
      assertThat(process.exitValue()).isZero();
    }

    TestClassMap map = TestClassMapStore.of(history).read();

    List<String> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      writers.add("t" + t);
    }
    for (int p = 0; p < processes; p++) {
      writers.add("p" + p);
    }
    for (String writer : writers) {
      for (int i = 0; i < runs; i++) {
        assertThat(map.of(MapWriterFixture.testClass(writer, i)))
            .as(MapWriterFixture.testClass(writer, i))
            .isPresent();
      }
    }
    assertThat(map.entries()).hasSize(writers.size() * runs);
    // Writers compacted as they went.
    assertThat(
            history
                .resolve("affected")
                .toFile()
                .listFiles((File f) -> f.getName().endsWith(".tsv")))
        .hasSizeLessThanOrEqualTo(RunFiles.COMPACT_ABOVE + writers.size() + 1);
  }

  @Test
  void aRunWithTheJacocoAgentRecordsTheMapNextToTheHistory() throws Exception {
    String agent = System.getProperty("jacoco.agent.jar");
    assertThat(agent).as("jacoco.agent.jar system property from the pom").isNotNull();
    Path history = tmp.resolve("history");
    Path log = tmp.resolve("out.log");
    String fixtures = "ai.dynamo.test.engine.coverage.CoverageFixtures";
    Process run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent + "=output=none",
                "-cp",
                System.getProperty("java.class.path"),
                fixtures,
                tmp.resolve("reports").toString(),
                tmp.resolve("classes").toString(),
                "0.0",
                "",
                "dynamo.history=" + history)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("the forked JVM finished").isTrue();
    } finally {
      run.destroyForcibly();
    }
    assertThat(run.exitValue()).as(Files.readString(log)).isZero();

    TestClassMap map = TestClassMapStore.of(history).read();

    String subject = "ai.dynamo.test.engine.coverage.CoverageSubject";
    for (String test : List.of("$UnitCallsA", "$E2eCallsB")) {
      TestClassMap.Entry entry = map.of(fixtures + test).orElseThrow();
      assertThat(entry.reached()).containsKey(subject);
      assertThat(entry.testClassId()).isNotZero();
      assertThat(entry.reached().keySet())
          .noneMatch(name -> name.startsWith("java.") || name.startsWith("org.junit."));
    }
    assertThat(history.resolve("affected")).isDirectory();
  }
}

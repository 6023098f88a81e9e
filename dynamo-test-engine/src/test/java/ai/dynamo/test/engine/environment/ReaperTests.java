package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Capability.DOCKER;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What happens beyond one JVM, tested with forked JVMs: leftovers of a JVM killed with SIGKILL
 * while its services ran are reaped by the next run; a JVM stopped with SIGTERM kills its services
 * itself; an endpoint named in the environment is used instead of starting a service.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class ReaperTests {

  @TempDir Path dir;

  private Process fork(Class<?> fixture, String mode, Map<String, String> environment)
      throws IOException {
    return fork(fixture, mode, "auto", environment);
  }

  private Process fork(
      Class<?> fixture, String mode, String processes, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dfixture.report=" + dir.resolve("report"),
                ForkedServiceRun.class.getName(),
                fixture.getName(),
                mode,
                dir.toString(),
                processes)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("fork.log").toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  private Map<String, String> report() throws IOException {
    Map<String, String> report = new HashMap<>();
    Path file = dir.resolve("report");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        report.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return report;
  }

  /** Returns the pid of the JVM it killed. */
  private long killedWhileServicesRun(String mode) throws Exception {
    return killedWhileServicesRun(mode, "auto");
  }

  private long killedWhileServicesRun(String mode, String processes) throws Exception {
    Process jvm = fork(ForkedServiceRun.HoldsServicesUntilKilled.class, mode, processes, Map.of());
    try {
      await("the forked JVM to start NATS and etcd (see " + dir.resolve("fork.log") + ")")
          .atMost(Duration.ofSeconds(90))
          .until(() -> report().containsKey("ready") || !jvm.isAlive());
      assertThat(report()).containsKey("ready");
    } finally {
      jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no store closing
      jvm.waitFor();
    }
    int nats = Integer.parseInt(report().get("nats"));
    int etcd = Integer.parseInt(report().get("etcd"));
    // The services outlived their JVM: this is what the reaper is for.
    assertThat(ServiceProtocols.accepts("127.0.0.1", nats)).isTrue();
    assertThat(ServiceProtocols.accepts("127.0.0.1", etcd)).isTrue();

    EnvironmentTestKit next = new EnvironmentTestKit(dir, mode);
    next.run(ServiceFixtures.NatsPerMethod.class)
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(2));

    await("the dead run's services to be gone")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !ServiceProtocols.accepts("127.0.0.1", nats)
                    && !ServiceProtocols.accepts("127.0.0.1", etcd));
    if (Files.exists(next.state())) {
      try (var files = Files.walk(next.state())) {
        assertThat(files.filter(Files::isRegularFile).toList())
            .as("process groups on record")
            .isEmpty();
      }
    }
    return jvm.pid();
  }

  /** {@code auto} is a process group on Linux; {@code tree} is what macOS and Windows get. */
  @ParameterizedTest(name = "dynamo.env.local.processes={0}")
  @ValueSource(strings = {"auto", "tree"})
  void reapsTheLocalServicesOfAJvmKilledWhileItsServicesRan(String processes) throws Exception {
    killedWhileServicesRun("local", processes);
    assertThat(
            ProcessHandle.allProcesses()
                .filter(
                    p ->
                        p.info()
                            .commandLine()
                            .map(line -> line.contains(dir.toString()))
                            .orElse(false))
                .toList())
        .isEmpty();
  }

  @Test
  @Requires(DOCKER)
  void reapsTheContainersOfAJvmKilledWhileItsServicesRan() throws Exception {
    long killedPid = killedWhileServicesRun("container");
    // Only the killed JVM's containers: other test JVMs on this host may run services now.
    List<com.github.dockerjava.api.model.Container> leftovers =
        ContainerInstance.client()
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(List.of(Ownership.OWNER_LABEL))
            .exec()
            .stream()
            .filter(c -> c.getLabels().get(Ownership.OWNER_LABEL).startsWith(killedPid + "-"))
            .toList();
    assertThat(leftovers).isEmpty();
  }

  @Test
  void usesTheEndpointInNatsServerAndStartsNothing() throws Exception {
    Process jvm =
        fork(
            ForkedServiceRun.UsesNatsFromTheEnvironment.class,
            "local",
            Map.of("NATS_SERVER", "nats://127.0.0.1:4999"));
    jvm.waitFor();

    Map<String, String> report = report();
    assertThat(report)
        .containsEntry("result", "1 succeeded 0 failed")
        .containsEntry("mode", "EXTERNAL")
        .containsEntry("url", "nats://127.0.0.1:4999")
        .containsEntry("port", "4999");
    assertThat(report.get("restart")).contains("NATS_SERVER");
    assertThat(dir.resolve("logs")).doesNotExist();
  }

  @Test
  void usesTheFirstEndpointInEtcdEndpointsAndStartsNothing() throws Exception {
    Process jvm =
        fork(
            ForkedServiceRun.UsesEtcdFromTheEnvironment.class,
            "local",
            Map.of("ETCD_ENDPOINTS", "http://127.0.0.1:4998,http://127.0.0.1:4997"));
    jvm.waitFor();

    assertThat(report())
        .containsEntry("result", "1 succeeded 0 failed")
        .containsEntry("mode", "EXTERNAL")
        .containsEntry("url", "http://127.0.0.1:4998")
        .containsEntry("port", "4998");
    assertThat(dir.resolve("logs")).doesNotExist();
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @ParameterizedTest(name = "dynamo.env.local.processes={0}")
  @ValueSource(strings = {"auto", "tree"})
  void stopsItsServicesWhenTheJvmIsTerminatedWithSigterm(String processes) throws Exception {
    Process jvm =
        fork(ForkedServiceRun.HoldsServicesUntilKilled.class, "local", processes, Map.of());
    try {
      await("the forked JVM to start NATS and etcd (see " + dir.resolve("fork.log") + ")")
          .atMost(Duration.ofSeconds(90))
          .until(() -> report().containsKey("ready") || !jvm.isAlive());
      assertThat(report()).containsKey("ready");
    } finally {
      jvm.destroy(); // SIGTERM: the JVM runs its shutdown hooks
      jvm.waitFor();
    }
    int nats = Integer.parseInt(report().get("nats"));
    int etcd = Integer.parseInt(report().get("etcd"));

    // No reaper has run: the dying JVM killed its services itself.
    assertThat(ServiceProtocols.accepts("127.0.0.1", nats)).isFalse();
    assertThat(ServiceProtocols.accepts("127.0.0.1", etcd)).isFalse();
  }

  /** A process of its own group ({@code setsid} does not fork), recorded by a dead JVM. */
  private Process groupLeaderOfADeadRun(String record) throws IOException {
    Process sleep =
        new ProcessBuilder("setsid", "sleep", "604")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .start();
    // A pid above any pid_max: the JVM that owned this record runs no more.
    Path owner = dir.resolve("state").resolve("2147483000-1");
    Files.createDirectories(owner);
    Files.writeString(
        owner.resolve("sleeper-" + sleep.pid() + ".pgid"),
        record.replace("PID", Long.toString(sleep.pid())));
    await("sleep to lead its own group")
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessGroup.members(sleep.pid()).contains(sleep.pid()));
    return sleep;
  }

  @Test
  void leavesAProcessAloneThatReusedARecordedPidAndDropsTheStaleRecord() throws Exception {
    Process sleep = groupLeaderOfADeadRun("PID 1");
    try {
      long start = ProcessGroup.startTime(sleep.pid()).orElseThrow();
      assertThat(start).isNotEqualTo(1L);

      int reaped = Reaper.reapLocalServices(dir.resolve("state"));

      assertThat(reaped).isZero();
      assertThat(sleep.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
      assertThat(sleep.isAlive()).isTrue();
      assertThat(dir.resolve("state")).isEmptyDirectory();
    } finally {
      sleep.destroyForcibly().waitFor();
    }
  }

  @Test
  void killsTheRecordedGroupWhenItsLeaderStartedAtTheRecordedTime() throws Exception {
    Process sleep = groupLeaderOfADeadRun("PID START");
    Path record;
    try (var files = Files.walk(dir.resolve("state"))) {
      record = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    Files.writeString(record, Reaper.record(sleep.pid()));
    assertThat(Files.readString(record).trim())
        .isEqualTo(sleep.pid() + " " + ProcessGroup.startTime(sleep.pid()).orElseThrow());

    assertThat(Reaper.reapLocalServices(dir.resolve("state"))).isEqualTo(1);

    assertThat(sleep.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve("state")).isEmptyDirectory();
  }

  @Test
  void killsTheRecordedGroupOfAnOldRecordWithoutAStartTime() throws Exception {
    Process sleep = groupLeaderOfADeadRun("PID\n");

    assertThat(Reaper.reapLocalServices(dir.resolve("state"))).isEqualTo(1);

    assertThat(sleep.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  /**
   * A shell with a child, recorded as a process tree by a dead JVM, as on a host without process
   * groups.
   */
  private Process treeOfADeadRun(String record) throws Exception {
    Process sh =
        new ProcessBuilder("sh", "-c", "sleep 613 & echo ready; exec sleep 614")
            .redirectErrorStream(true)
            .start();
    sh.getOutputStream().close();
    await("the shell to fork its child")
        .atMost(Duration.ofSeconds(5))
        .until(() -> sh.descendants().count() == 1);
    Path owner = dir.resolve("state").resolve("2147483000-1");
    Files.createDirectories(owner);
    Files.writeString(
        owner.resolve("sleeper-" + sh.pid() + ".tree"),
        record.replace("PID", Long.toString(sh.pid())));
    return sh;
  }

  @Test
  void killsTheRecordedProcessAndItsDescendantsWhenItStartedAtTheRecordedTime() throws Exception {
    Process sh = treeOfADeadRun("PID START");
    ProcessHandle child = sh.descendants().findFirst().orElseThrow();
    try (var files = Files.walk(dir.resolve("state"))) {
      Files.writeString(
          files.filter(Files::isRegularFile).findFirst().orElseThrow(),
          ProcessTree.record(sh.toHandle()));
    }

    assertThat(Reaper.reapLocalServices(dir.resolve("state"))).isEqualTo(1);

    assertThat(sh.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    await("the child to be killed").atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
    assertThat(dir.resolve("state")).isEmptyDirectory();
  }

  @Test
  void leavesAProcessAloneWhoseStartTimeIsNotTheRecordedTreesAndDropsTheRecord() throws Exception {
    Process sh = treeOfADeadRun("PID 1");
    try {
      assertThat(Reaper.reapLocalServices(dir.resolve("state"))).isZero();

      assertThat(sh.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
      assertThat(sh.descendants().count()).isEqualTo(1);
      assertThat(dir.resolve("state")).isEmptyDirectory();
    } finally {
      sh.descendants().forEach(ProcessHandle::destroyForcibly);
      sh.destroyForcibly().waitFor();
    }
  }
}

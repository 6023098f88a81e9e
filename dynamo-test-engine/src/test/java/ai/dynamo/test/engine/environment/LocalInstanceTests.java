package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process groups for real: {@code setsid}, group-wide signals, and the grace period; and the same
 * for the portable process tree, with what it cannot find.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class LocalInstanceTests {

  @TempDir Path dir;

  private LocalInstance start(String script) throws Exception {
    return start(ProcessControl.GROUP, script);
  }

  private LocalInstance start(ProcessControl control, String script) throws Exception {
    ServiceLog log = ServiceLog.create(dir, "LocalInstanceTests", "sh");
    LocalInstance instance =
        LocalInstance.start(
            control,
            Path.of("/bin/sh"),
            List.of("-c", script),
            Map.of(),
            dir,
            log,
            dir.resolve("state"),
            "sh");
    // Wait until the script has forked its children (they write their pids to the log).
    await("the children to start")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(log.file()).contains("ready"));
    return instance;
  }

  @Test
  void runsTheServiceAsTheLeaderOfItsOwnProcessGroup() throws Exception {
    LocalInstance instance = start("sleep 300 & sleep 301 & echo ready; wait");
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> group(instance).members().size() == 3);
      assertThat(group(instance).id()).isEqualTo(instance.pid());
      assertThat(group(instance).members()).hasSize(3).contains(instance.pid());
      long jvmGroup =
          Long.parseLong(
              Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ")[2]);
      assertThat(group(instance).id()).isNotEqualTo(jvmGroup);
    } finally {
      instance.kill();
    }
  }

  @Test
  void stopTerminatesEveryProcessOfTheGroupIncludingGrandchildren() throws Exception {
    LocalInstance instance = start("(sleep 302 & wait) & sleep 303 & echo ready; wait");
    ProcessGroup group = group(instance);
    try {
      // sh, the subshell, and the two sleeps: the subshell may still be forking its sleep.
      await().atMost(Duration.ofSeconds(5)).until(() -> group.members().size() >= 4);
    } finally {
      instance.stop(Duration.ofSeconds(5));
    }

    assertThat(group.members()).isEmpty();
    assertThat(
            Files.list(dir.resolve("state"))
                .flatMap(
                    d -> {
                      try {
                        return Files.list(d);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    })
                .toList())
        .as("pid files")
        .isEmpty();
  }

  @Test
  void stopKillsAGroupThatIgnoresSigtermAfterTheGracePeriod() throws Exception {
    LocalInstance instance =
        start("trap '' TERM; sleep 304 & echo ready; while :; do sleep 1; done");
    ProcessGroup group = group(instance);
    long stopping;
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> group.members().size() >= 2);
    } finally {
      long started = System.nanoTime();
      instance.stop(Duration.ofMillis(1500));
      stopping = System.nanoTime() - started;
    }

    assertThat(group.members()).isEmpty();
    assertThat(instance.exitCode()).hasValue(137);
    assertThat(Duration.ofNanos(stopping)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void stopOnAnInterruptedThreadStillGivesTheGraceThenKillsAndKeepsTheFlag() throws Exception {
    LocalInstance instance = start("trap '' TERM; sleep 306 & echo ready; exec sleep 307");
    ProcessGroup group = group(instance);
    await().atMost(Duration.ofSeconds(5)).until(() -> group.members().size() >= 2);
    long stopping;
    boolean stillInterrupted;
    Thread.currentThread().interrupt();
    try {
      long started = System.nanoTime();
      instance.stop(Duration.ofMillis(1000));
      stopping = System.nanoTime() - started;
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertThat(stillInterrupted).as("interrupt flag after stop").isTrue();
    assertThat(group.members()).isEmpty();
    assertThat(instance.exitCode()).hasValue(137);
    assertThat(Duration.ofNanos(stopping)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      assertThat(files.filter(Files::isRegularFile).toList()).as("pid files").isEmpty();
    }
  }

  @Test
  void pauseStopsEveryProcessOfTheGroupAndResumeContinuesThem() throws Exception {
    LocalInstance instance = start("sleep 305 & echo ready; wait");
    try {
      instance.pause();
      // Stopped when pause returns, not some time later: nothing may answer after it.
      assertThat(states(group(instance))).isNotEmpty().containsOnly("T");
      instance.resume();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> states(group(instance)).stream().noneMatch("T"::equals));
    } finally {
      instance.kill();
    }
  }

  // The portable path: the process and its descendants, as on macOS and Windows.

  private static ProcessTree tree(LocalInstance instance) {
    return (ProcessTree) instance.processes();
  }

  private static java.util.Optional<ProcessHandle> running(String commandLine) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").endsWith(commandLine))
        .findFirst();
  }

  private static long processGroupOf(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
  }

  private static List<Long> pids(ProcessTree tree) {
    return tree.members().stream().map(ProcessHandle::pid).toList();
  }

  private List<Path> pidFiles() throws java.io.IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void treeRunsTheServiceWithoutSetsidAndFindsItsDescendants() throws Exception {
    LocalInstance instance = start(ProcessControl.TREE, "sleep 310 & sleep 311 & echo ready; wait");
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> tree(instance).members().size() == 3);
      assertThat(pids(tree(instance))).contains(instance.pid());
      // No group of its own: it stays in this JVM's, as where setsid does not exist.
      assertThat(processGroupOf(instance.pid()))
          .isEqualTo(processGroupOf(ProcessHandle.current().pid()));
      assertThat(instance.describe())
          .isEqualTo("process " + instance.pid() + " and its descendants");
      assertThat(pidFiles())
          .singleElement()
          .satisfies(file -> assertThat(file.getFileName().toString()).endsWith(".tree"))
          .satisfies(
              file ->
                  assertThat(Files.readString(file).trim())
                      .isEqualTo(
                          instance.pid()
                              + " "
                              + ProcessHandle.of(instance.pid())
                                  .orElseThrow()
                                  .info()
                                  .startInstant()
                                  .orElseThrow()
                                  .toEpochMilli()));
    } finally {
      instance.kill();
    }
    assertThat(pidFiles()).isEmpty();
  }

  @Test
  void treeStopTerminatesEveryDescendantIncludingGrandchildren() throws Exception {
    LocalInstance instance =
        start(ProcessControl.TREE, "(sleep 312 & wait) & sleep 313 & echo ready; wait");
    List<ProcessHandle> processes;
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> tree(instance).members().size() >= 4);
      processes = tree(instance).members();
    } finally {
      instance.stop(Duration.ofSeconds(5));
    }

    assertThat(processes).hasSize(4).noneMatch(ProcessHandle::isAlive);
    assertThat(instance.exitCode()).hasValue(143); // SIGTERM was enough
    assertThat(pidFiles()).as("pid files").isEmpty();
  }

  @Test
  void treeStopKillsAServiceThatIgnoresSigtermAfterTheGracePeriod() throws Exception {
    LocalInstance instance =
        start(ProcessControl.TREE, "trap '' TERM; sleep 314 & echo ready; exec sleep 315");
    List<ProcessHandle> processes;
    long stopping;
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> tree(instance).members().size() >= 2);
      processes = tree(instance).members();
    } finally {
      long started = System.nanoTime();
      instance.stop(Duration.ofMillis(1500));
      stopping = System.nanoTime() - started;
    }

    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(instance.exitCode()).hasValue(137);
    assertThat(Duration.ofNanos(stopping)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void treeStillKillsAChildWhoseParentExitedAfterItWasSeen() throws Exception {
    // sh -> subshell -> sleep 316; the subshell is killed once the tree has seen its child.
    LocalInstance instance =
        start(ProcessControl.TREE, "(sleep 316 & echo ready; wait) & exec sleep 317");
    ProcessHandle orphan;
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> ServiceProtocols.childWith("sleep 316").isPresent());
      orphan = ServiceProtocols.childWith("sleep 316").orElseThrow();
      assertThat(tree(instance).members()).contains(orphan);
      ProcessHandle subshell = orphan.parent().orElseThrow();
      subshell.destroyForcibly();
      await().atMost(Duration.ofSeconds(5)).until(() -> !subshell.isAlive());
      assertThat(ServiceProtocols.childWith("sleep 316")).as("found from this JVM").isEmpty();
    } finally {
      instance.stop(Duration.ofSeconds(2));
    }

    await("the orphan to be killed").atMost(Duration.ofSeconds(5)).until(() -> !orphan.isAlive());
  }

  @Test
  void treeCannotFindAChildReparentedBeforeItWasSeenWhereAGroupCan() throws Exception {
    // The subshell exits at once, leaving its sleep to init before anything could see it.
    String script = "(sleep 318 &); echo ready; exec sleep 319";
    LocalInstance tree = start(ProcessControl.TREE, script);
    ProcessHandle leaked = null;
    try {
      tree.stop(Duration.ofSeconds(2));
      await("the child the tree never saw")
          .atMost(Duration.ofSeconds(5))
          .until(() -> running("sleep 318").isPresent());
      leaked = running("sleep 318").orElseThrow();
      assertThat(leaked).as("the child the tree never saw").isNotNull();
      assertThat(leaked.isAlive()).isTrue();
    } finally {
      if (leaked != null) {
        leaked.destroyForcibly();
      }
    }

    LocalInstance group = start(ProcessControl.GROUP, script.replace("318", "320"));
    long pgid = group(group).id();
    group.stop(Duration.ofSeconds(2));
    assertThat(ProcessGroup.members(pgid)).as("the group's processes").isEmpty();
  }

  @Test
  void treePausesEveryProcessAndResumesThem() throws Exception {
    LocalInstance instance = start(ProcessControl.TREE, "sleep 321 & echo ready; wait");
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> tree(instance).members().size() == 2);
      instance.pause();
      assertThat(states(pids(tree(instance)))).hasSize(2).containsOnly("T");
      instance.resume();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> states(pids(tree(instance))).stream().noneMatch("T"::equals));
    } finally {
      instance.kill();
    }
  }

  private static ProcessGroup group(LocalInstance instance) {
    return (ProcessGroup) instance.processes();
  }

  private static List<String> states(ProcessGroup group) {
    return states(group.members());
  }

  private static List<String> states(List<Long> pids) {
    return pids.stream()
        .map(
            pid -> {
              try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
              } catch (java.io.IOException e) {
                return "gone";
              }
            })
        .toList();
  }
}

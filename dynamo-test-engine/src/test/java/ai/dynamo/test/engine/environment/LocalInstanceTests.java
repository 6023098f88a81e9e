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

/** Process groups for real: {@code setsid}, group-wide signals, and the grace period. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class LocalInstanceTests {

  @TempDir Path dir;

  private LocalInstance start(String script) throws Exception {
    ServiceLog log = ServiceLog.create(dir, "LocalInstanceTests", "sh");
    LocalInstance instance =
        LocalInstance.start(
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
      await().atMost(Duration.ofSeconds(5)).until(() -> instance.group().members().size() == 3);
      assertThat(instance.group().id()).isEqualTo(instance.pid());
      assertThat(instance.group().members()).hasSize(3).contains(instance.pid());
      long jvmGroup =
          Long.parseLong(
              Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ")[2]);
      assertThat(instance.group().id()).isNotEqualTo(jvmGroup);
    } finally {
      instance.kill();
    }
  }

  @Test
  void stopTerminatesEveryProcessOfTheGroupIncludingGrandchildren() throws Exception {
    LocalInstance instance = start("(sleep 302 & wait) & sleep 303 & echo ready; wait");
    ProcessGroup group = instance.group();
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
    ProcessGroup group = instance.group();
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
    ProcessGroup group = instance.group();
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
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> states(instance.group()).stream().allMatch("T"::equals));
      instance.resume();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> states(instance.group()).stream().noneMatch("T"::equals));
    } finally {
      instance.kill();
    }
  }

  private static List<String> states(ProcessGroup group) {
    return group.members().stream()
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

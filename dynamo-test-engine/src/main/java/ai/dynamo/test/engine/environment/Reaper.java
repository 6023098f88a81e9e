package ai.dynamo.test.engine.environment;

import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Removes what JVMs that died left behind: local services recorded under the state directory (a
 * process group, or a process and its descendants: see {@link ProcessControl}) and containers
 * labelled with an owner, whose owning JVM no longer runs. Runs once per run, before the first
 * service starts; leftovers of JVMs that still run (a parallel build) are left alone.
 * Testcontainers' Ryuk would do this for containers, but it needs an image from a registry.
 */
final class Reaper {

  /** What one reaping removed. */
  record Reaped(int localServices, int containers) {}

  private Reaper() {}

  static Reaped reap(Path stateDirectory, boolean containers) {
    return new Reaped(reapLocalServices(stateDirectory), containers ? reapContainers() : 0);
  }

  static int reapLocalServices(Path stateDirectory) {
    if (!Files.isDirectory(stateDirectory)) {
      return 0;
    }
    int reaped = 0;
    try (Stream<Path> owners = Files.list(stateDirectory)) {
      for (Path owner : owners.toList()) {
        if (!Files.isDirectory(owner) || Ownership.isAlive(owner.getFileName().toString())) {
          continue;
        }
        try (Stream<Path> files = Files.list(owner)) {
          for (Path file : files.toList()) {
            String[] record;
            long pid;
            try {
              record = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
              pid = Long.parseLong(record[0]);
            } catch (IOException | NumberFormatException e) {
              Files.deleteIfExists(file);
              continue;
            }
            if (ProcessControl.ofRecord(file.getFileName().toString()) == ProcessControl.TREE) {
              reaped += reapTree(file, pid, record) ? 1 : 0;
            } else {
              reaped += reapGroup(file, pid, record) ? 1 : 0;
            }
            Files.deleteIfExists(file);
          }
        }
        Files.deleteIfExists(owner);
      }
    } catch (IOException e) {
      // another JVM reaps the same directory at the same time: what is left is its work
    }
    return reaped;
  }

  /** Kills the recorded process group; false when it is empty or its id was reused. */
  private static boolean reapGroup(Path file, long pgid, String[] record) {
    if (record.length > 1 && leaderIsAnotherProcess(pgid, record[1])) {
      System.err.println(
          "[dynamo] Not reaping process group "
              + pgid
              + " recorded in "
              + file
              + ": its pid now belongs to another process (start time "
              + ProcessGroup.startTime(pgid).orElse(-1)
              + ", recorded "
              + record[1]
              + "); dropping the stale record.");
      return false;
    }
    ProcessGroup group = new ProcessGroup(pgid);
    if (group.isEmpty()) {
      return false;
    }
    group.signal("CONT");
    group.signal("KILL");
    return true;
  }

  /**
   * Kills the recorded process and its descendants, when it still runs and started at the recorded
   * time; children it lost (reparented when their parent exited) cannot be found.
   */
  private static boolean reapTree(Path file, long pid, String[] record) {
    long start;
    try {
      start = record.length > 1 ? Long.parseLong(record[1]) : 0;
    } catch (NumberFormatException e) {
      start = 0;
    }
    ProcessTree.Reaping reaping = ProcessTree.reap(pid, start);
    if (reaping == ProcessTree.Reaping.PID_REUSED) {
      System.err.println(
          "[dynamo] Not reaping process "
              + pid
              + " recorded in "
              + file
              + ": its pid now belongs to another process; dropping the stale record.");
    }
    return reaping == ProcessTree.Reaping.KILLED;
  }

  /**
   * The line of a process group's pid file: the group's id, which is its leader's pid, and the
   * leader's start time, so that a pid reused by another process (after a reboot, or a long time)
   * is not signalled. Files with the id alone, from older versions, are reaped by the id.
   */
  static String record(long leaderPid) {
    return leaderPid
        + ProcessGroup.startTime(leaderPid).stream()
            .mapToObj(start -> " " + start)
            .findFirst()
            .orElse("")
        + "\n";
  }

  /**
   * Whether the recorded leader's pid runs as a process that started at another time. A dead leader
   * is no such case: while members of its group live, Linux does not hand its pid to another
   * process, so the group is still the recorded one.
   */
  private static boolean leaderIsAnotherProcess(long pgid, String recordedStart) {
    long recorded;
    try {
      recorded = Long.parseLong(recordedStart);
    } catch (NumberFormatException e) {
      return false;
    }
    OptionalLong now = ProcessGroup.startTime(pgid);
    return now.isPresent() && now.getAsLong() != recorded;
  }

  static int reapContainers() {
    List<Container> labelled;
    try {
      labelled =
          ContainerInstance.client()
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(List.of(Ownership.OWNER_LABEL))
              .exec();
    } catch (RuntimeException e) {
      return 0;
    }
    int reaped = 0;
    for (Container container : labelled) {
      String owner = container.getLabels().get(Ownership.OWNER_LABEL);
      if (owner == null || Ownership.isAlive(owner)) {
        continue;
      }
      try {
        ContainerInstance.client()
            .removeContainerCmd(container.getId())
            .withForce(true)
            .withRemoveVolumes(true)
            .exec();
        reaped++;
      } catch (RuntimeException e) {
        // removed by another run meanwhile
      }
    }
    return reaped;
  }
}

package ai.dynamo.test.engine.environment;

import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what JVMs that died left behind: process groups recorded under the state directory and
 * containers labelled with an owner, whose owning JVM no longer runs. Runs once per run, before the
 * first service starts; leftovers of JVMs that still run (a parallel build) are left alone.
 * Testcontainers' Ryuk would do this for containers, but it needs an image from a registry.
 */
final class Reaper {

  /** What one reaping removed. */
  record Reaped(int processGroups, int containers) {}

  private Reaper() {}

  static Reaped reap(Path stateDirectory, boolean containers) {
    return new Reaped(reapProcessGroups(stateDirectory), containers ? reapContainers() : 0);
  }

  static int reapProcessGroups(Path stateDirectory) {
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
            long pgid;
            try {
              pgid = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
            } catch (IOException | NumberFormatException e) {
              Files.deleteIfExists(file);
              continue;
            }
            ProcessGroup group = new ProcessGroup(pgid);
            if (!group.isEmpty()) {
              group.signal("CONT");
              group.signal("KILL");
              reaped++;
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

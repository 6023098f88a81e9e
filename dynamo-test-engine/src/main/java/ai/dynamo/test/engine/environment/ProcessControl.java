package ai.dynamo.test.engine.environment;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.requirements.ExecutableLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a local service's processes are started, signalled and recorded for the {@link Reaper}: as a
 * process group where the host can make and signal one ({@code setsid}, {@code kill} and {@code
 * /proc}: Linux), else as a {@link ProcessTree}. Chosen per run by {@link
 * Constants#ENV_LOCAL_PROCESSES}, {@code auto} by default.
 */
enum ProcessControl {

  /**
   * The service leads a process group of its own ({@code setsid}, which does not fork, because a
   * process spawned by the JVM is never a group leader); every process it forks stays in the group
   * unless it leaves on purpose, and is signalled with the group.
   */
  GROUP(".pgid"),

  /** The service's process and its descendants, through {@link ProcessHandle}. */
  TREE(".tree");

  /** The value of {@link Constants#ENV_LOCAL_PROCESSES}. */
  enum Setting {
    AUTO,
    GROUP,
    TREE
  }

  private final String recordSuffix;

  ProcessControl(String recordSuffix) {
    this.recordSuffix = recordSuffix;
  }

  /**
   * The control {@code setting} asks for on a host whose executables are {@code executables}: for
   * {@code auto}, a group where the host has one.
   *
   * @throws ServiceStartException when {@code group} is asked for where the host has none
   */
  static ProcessControl choose(Setting setting, ExecutableLookup executables) {
    Optional<String> missing = groupsMissing(executables);
    return switch (setting) {
      case TREE -> TREE;
      case AUTO -> missing.isEmpty() ? GROUP : TREE;
      case GROUP -> {
        if (missing.isPresent()) {
          throw new ServiceStartException(
              Constants.ENV_LOCAL_PROCESSES
                  + "=group needs "
                  + missing.get()
                  + ", which this host ("
                  + System.getProperty("os.name")
                  + ") does not have. Use "
                  + Constants.ENV_LOCAL_PROCESSES
                  + "=tree, or auto (the default), which picks group where it can.");
        }
        yield GROUP;
      }
    };
  }

  /** What the host lacks for process groups, or empty when it has all of it. */
  private static Optional<String> groupsMissing(ExecutableLookup executables) {
    List<String> missing = new ArrayList<>();
    if (executables.find("setsid").isEmpty()) {
      missing.add("the setsid command");
    }
    if (executables.find("kill").isEmpty()) {
      missing.add("the kill command");
    }
    if (!Files.isReadable(Path.of("/proc/self/stat"))) {
      missing.add("a readable /proc");
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", missing));
  }

  /** The command line that starts {@code executable} under this control. */
  List<String> command(Path executable, List<String> arguments) {
    List<String> command = new ArrayList<>();
    if (this == GROUP) {
      command.add("setsid");
    }
    command.add(executable.toString());
    command.addAll(arguments);
    return command;
  }

  /** The processes of the service whose first process is {@code process}. */
  ServiceProcesses processes(Process process) {
    return this == GROUP ? new ProcessGroup(process.pid()) : new ProcessTree(process.toHandle());
  }

  /** The name of the file that records the service's processes for the {@link Reaper}. */
  String recordFile(String service, long pid) {
    return service + "-" + pid + recordSuffix;
  }

  /** What that file holds. */
  String record(Process process) {
    return this == GROUP ? Reaper.record(process.pid()) : ProcessTree.record(process.toHandle());
  }

  /** The control that wrote the record file {@code name}: files of older versions are groups. */
  static ProcessControl ofRecord(String name) {
    return name.endsWith(TREE.recordSuffix) ? TREE : GROUP;
  }
}

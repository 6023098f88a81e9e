package ai.dynamo.test.engine.environment;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Signals a whole process group. Java's {@link ProcessHandle} signals one process at a time and
 * cannot name a group, so signals go through {@code kill -SIG -- -PGID}, and the group's members
 * are listed from {@code /proc}: Linux only ({@link ProcessControl#GROUP}).
 */
final class ProcessGroup implements ServiceProcesses {

  private final long pgid;

  ProcessGroup(long pgid) {
    this.pgid = pgid;
  }

  long id() {
    return pgid;
  }

  /** Sends {@code signal} (TERM, KILL, STOP, CONT) to every process of the group. */
  @Override
  public boolean signal(String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The pids of the live processes in the group (zombies excluded), from {@code /proc}. */
  List<Long> members() {
    return members(pgid);
  }

  static List<Long> members(long pgid) {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] fields = statFields(Long.parseLong(name));
        if (fields.length > 2 && !fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid) {
          found.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return found;
  }

  /**
   * When process {@code pid} started, in clock ticks after boot (field 22 of {@code
   * /proc/PID/stat}); empty when it does not run or {@code /proc} cannot be read. A pid is reused
   * by a later process, its start time tells them apart.
   */
  static OptionalLong startTime(long pid) {
    // Field 3 (state) is the first of these, so field 22 is the 20th.
    String[] fields = statFields(pid);
    try {
      return fields.length > 19
          ? OptionalLong.of(Long.parseLong(fields[19]))
          : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The fields of {@code /proc/PID/stat} from the third (state) on; empty when the process is gone.
   * They follow {@code pid (comm)}, and comm may contain spaces and ')', so they start after the
   * last ')'.
   */
  private static String[] statFields(long pid) {
    String stat;
    try {
      stat =
          Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    } catch (IOException gone) {
      return new String[0];
    }
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
  }

  /** Whether every process of the group has exited. */
  @Override
  public boolean isEmpty() {
    return members().isEmpty();
  }

  @Override
  public boolean isStopped() {
    return members().stream().allMatch(ProcessGroup::stopped);
  }

  /**
   * Whether every thread of process {@code pid} is stopped, from {@code /proc/PID/task}; true when
   * the process is gone or {@code /proc} cannot be read. Sending SIGSTOP only starts a stop: the
   * threads stop as each is next scheduled, and until then the others go on serving.
   */
  static boolean stopped(long pid) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException gone) {
          continue;
        }
        String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        if (!state.equals("T") && !state.equals("t") && !state.equals("Z") && !state.equals("X")) {
          return false;
        }
      }
    } catch (IOException e) {
      return true;
    }
    return true;
  }

  @Override
  public String describe() {
    return "process group " + pgid;
  }
}

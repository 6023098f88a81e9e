package ai.dynamo.test.engine.environment;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A service's process and its descendants, through {@link ProcessHandle}: what works on every
 * operating system, used where process groups cannot be signalled (macOS has no {@code setsid}
 * command and no {@code /proc}; Windows has neither).
 *
 * <p>Its limit: a process is found as a descendant only while its parent lives. A child whose
 * parent exited (a server that daemonizes, a script that ends before its children) is reparented
 * and no longer found from the service's process. Each signal therefore first adds the descendants
 * of every process already known, so a child seen once is signalled even after its parent died; one
 * never seen in time is not, and is left running.
 *
 * <p>TERM is {@link ProcessHandle#destroy()} and KILL {@link ProcessHandle#destroyForcibly()} (on
 * Windows both terminate at once). STOP and CONT go through the {@code kill} command, which Windows
 * does not have.
 */
final class ProcessTree implements ServiceProcesses {

  private final ProcessHandle root;
  private final Set<ProcessHandle> known = ConcurrentHashMap.newKeySet();

  ProcessTree(ProcessHandle root) {
    this.root = root;
    known.add(root);
  }

  long id() {
    return root.pid();
  }

  /** The live processes known: the root, its descendants, and those of known processes. */
  List<ProcessHandle> members() {
    for (ProcessHandle process : List.copyOf(known)) {
      if (process.isAlive()) {
        process.descendants().forEach(known::add);
      }
    }
    known.removeIf(process -> !process.isAlive());
    return List.copyOf(known);
  }

  @Override
  public boolean signal(String signal) {
    List<ProcessHandle> members = members();
    return switch (signal) {
      case "TERM" -> members.stream().allMatch(ProcessHandle::destroy);
      case "KILL" -> {
        boolean sent = true;
        for (ProcessHandle process : members) {
          sent &= process.destroyForcibly() || !process.isAlive();
        }
        yield sent;
      }
      case "STOP", "CONT" -> kill(signal, members);
      default -> throw new IllegalArgumentException("unknown signal " + signal);
    };
  }

  /** Sends {@code signal} with the {@code kill} command: Java cannot pause a process. */
  private static boolean kill(String signal, List<ProcessHandle> members) {
    if (members.isEmpty()) {
      return false;
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    members.forEach(process -> command.add(Long.toString(process.pid())));
    try {
      Process kill =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      kill.getOutputStream().close();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      throw new UnsupportedOperationException(
          "Cannot "
              + (signal.equals("STOP") ? "pause" : "resume")
              + " a local service here: that needs the kill command ("
              + e.getMessage()
              + "), which Windows does not have. Run the service as a container"
              + " (dynamo.env.mode=container) to pause it.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean isEmpty() {
    return members().isEmpty();
  }

  @Override
  public boolean isStopped() {
    return members().stream().allMatch(process -> ProcessGroup.stopped(process.pid()));
  }

  @Override
  public String describe() {
    return "process " + root.pid() + " and its descendants";
  }

  /**
   * The line of a process tree's pid file: the root's pid and when it started, in milliseconds
   * since the epoch (0 where the host does not say), so that a reused pid is not killed.
   */
  static String record(ProcessHandle root) {
    return root.pid()
        + " "
        + root.info().startInstant().map(Instant::toEpochMilli).orElse(0L)
        + "\n";
  }

  /** What {@link #reap} found for a record. */
  enum Reaping {
    KILLED,
    GONE,
    PID_REUSED
  }

  /**
   * Kills the recorded root and its descendants when the root still runs and started at the
   * recorded time. Descendants that were reparented when their parent died are not found.
   */
  static Reaping reap(long pid, long startMillis) {
    Optional<ProcessHandle> root = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (root.isEmpty()) {
      return Reaping.GONE;
    }
    Optional<Instant> started = root.get().info().startInstant();
    if (startMillis != 0 && started.isPresent() && started.get().toEpochMilli() != startMillis) {
      return Reaping.PID_REUSED;
    }
    new ProcessTree(root.get()).signal("KILL");
    return Reaping.KILLED;
  }
}

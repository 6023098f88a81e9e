package ai.dynamo.test.engine.environment;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A service run as a local process in a process group of its own: started through {@code setsid},
 * so the group's id is the process's pid and every process it forks can be signalled at once. The
 * group is recorded in a file under the state directory until it is stopped, for {@link Reaper}:
 * the group's id and its leader's start time ({@link Reaper#record}).
 */
final class LocalInstance implements Instance {

  private final Process process;
  private final ProcessGroup group;
  private final Path pidFile;

  private LocalInstance(Process process, Path pidFile) {
    this.process = process;
    this.group = new ProcessGroup(process.pid());
    this.pidFile = pidFile;
  }

  static LocalInstance start(
      Path executable,
      List<String> arguments,
      Map<String, String> environment,
      Path workingDirectory,
      ServiceLog log,
      Path stateDirectory,
      String service)
      throws IOException {
    List<String> command = new ArrayList<>();
    // setsid makes the service the leader of a new session and process group; it does not fork,
    // because a process spawned by the JVM is never a group leader.
    command.add("setsid");
    command.add(executable.toString());
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    Process process = builder.start();
    Path ownerDirectory = stateDirectory.resolve(Ownership.current());
    Files.createDirectories(ownerDirectory);
    Path pidFile = ownerDirectory.resolve(service + "-" + process.pid() + ".pgid");
    Files.writeString(pidFile, Reaper.record(process.pid()));
    return new LocalInstance(process, pidFile);
  }

  long pid() {
    return process.pid();
  }

  ProcessGroup group() {
    return group;
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  @Override
  public void stop(Duration grace) {
    Instance.uninterrupted(
        () -> {
          try {
            if (process.isAlive()) {
              group.signal("CONT"); // a paused group cannot act on SIGTERM
              group.signal("TERM");
              awaitEmptyGroup(grace);
            }
          } finally {
            killGroup();
          }
        });
  }

  @Override
  public void kill() {
    Instance.uninterrupted(this::killGroup);
  }

  private void killGroup() {
    try {
      // Also after the leader exited: children it left in the group must not outlive the test.
      group.signal("KILL");
      awaitEmptyGroup(Duration.ofSeconds(10));
      awaitReaped(Duration.ofSeconds(10));
      for (ProcessHandle descendant : process.descendants().toList()) {
        descendant.destroyForcibly();
      }
    } finally {
      removePidFile();
    }
  }

  private void removePidFile() {
    if (!group.isEmpty()) {
      return; // survivors of SIGKILL stay on record for the reaper
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // the reaper finds the group dead and removes the file
    }
  }

  /**
   * Waits, at most {@code timeout}, until no process of the group is alive: the leader exiting says
   * nothing of the children it leaves behind, which are still dying when it is gone.
   */
  private void awaitEmptyGroup(Duration timeout) {
    try {
      Awaitility.await("every process of group " + group.id() + " to exit")
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .until(group::isEmpty);
    } catch (ConditionTimeoutException e) {
      // the caller escalates to SIGKILL, or leaves the rest to the reaper
    }
  }

  /**
   * Waits until the JVM has reaped the leader: a killed leader is a zombie, which the group listing
   * skips, and {@link Process#isAlive()} stays true until the JVM's reaper has collected its exit
   * code. Without this wait a caller could see the service as still running just after it was
   * killed.
   */
  private void awaitReaped(Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void pause() {
    group.signal("STOP");
  }

  @Override
  public void resume() {
    group.signal("CONT");
  }

  @Override
  public String describe() {
    return "process group " + process.pid();
  }
}

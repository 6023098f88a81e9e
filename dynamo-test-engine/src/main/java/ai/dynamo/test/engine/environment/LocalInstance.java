package ai.dynamo.test.engine.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A service run as a local process, whose processes are signalled together as {@link
 * ProcessControl} chose: a process group of its own (Linux), or the process and its descendants.
 * They are recorded in a file under the state directory until they are stopped, for {@link Reaper}.
 */
final class LocalInstance implements Instance {

  private final Process process;
  private final ServiceProcesses processes;
  private final Path pidFile;

  private LocalInstance(Process process, ServiceProcesses processes, Path pidFile) {
    this.process = process;
    this.processes = processes;
    this.pidFile = pidFile;
  }

  static LocalInstance start(
      ProcessControl control,
      Path executable,
      List<String> arguments,
      Map<String, String> environment,
      Path workingDirectory,
      ServiceLog log,
      Path stateDirectory,
      String service)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(control.command(executable, arguments))
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    // An empty standard input, on every OS (there is no /dev/null on Windows).
    process.getOutputStream().close();
    Path ownerDirectory = stateDirectory.resolve(Ownership.current());
    Files.createDirectories(ownerDirectory);
    Path pidFile = ownerDirectory.resolve(control.recordFile(service, process.pid()));
    Files.writeString(pidFile, control.record(process));
    return new LocalInstance(process, control.processes(process), pidFile);
  }

  long pid() {
    return process.pid();
  }

  ServiceProcesses processes() {
    return processes;
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
              signalIfSupported("CONT"); // a paused process cannot act on SIGTERM
              processes.signal("TERM");
              awaitNoProcess(grace);
            }
          } finally {
            killAll();
          }
        });
  }

  /** CONT where the host can send it; where it cannot, nothing can have been paused either. */
  private void signalIfSupported(String signal) {
    try {
      processes.signal(signal);
    } catch (UnsupportedOperationException e) {
      // Windows: no kill command, and no pause
    }
  }

  @Override
  public void kill() {
    Instance.uninterrupted(this::killAll);
  }

  private void killAll() {
    try {
      // Also after the first process exited: what it left behind must not outlive the test.
      processes.signal("KILL");
      awaitNoProcess(Duration.ofSeconds(10));
      awaitReaped(Duration.ofSeconds(10));
      for (ProcessHandle descendant : process.descendants().toList()) {
        descendant.destroyForcibly();
      }
    } finally {
      removePidFile();
    }
  }

  private void removePidFile() {
    if (!processes.isEmpty()) {
      return; // survivors of SIGKILL stay on record for the reaper
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // the reaper finds the processes dead and removes the file
    }
  }

  /**
   * Waits, at most {@code timeout}, until none of the processes is alive: the first one exiting
   * says nothing of the children it leaves behind, which are still dying when it is gone.
   */
  private void awaitNoProcess(Duration timeout) {
    try {
      Awaitility.await("every process of " + processes.describe() + " to exit")
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .until(processes::isEmpty);
    } catch (ConditionTimeoutException e) {
      // the caller escalates to SIGKILL, or leaves the rest to the reaper
    }
  }

  /**
   * Waits until the JVM has reaped the first process: a killed one is a zombie, which the group
   * listing skips, and {@link Process#isAlive()} stays true until the JVM's reaper has collected
   * its exit code. Without this wait a caller could see the service as still running just after it
   * was killed.
   */
  private void awaitReaped(Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns once every thread of every process is stopped (where {@code /proc} shows it): SIGSTOP
   * stops each thread only when it is next scheduled, and on a loaded host the service went on
   * answering for a while after {@code kill} returned.
   */
  @Override
  public void pause() {
    processes.signal("STOP");
    try {
      Awaitility.await("every process of " + processes.describe() + " to stop")
          .atMost(Duration.ofSeconds(10))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .until(processes::isStopped);
    } catch (ConditionTimeoutException e) {
      // still stopping: a test that relies on it fails with its own message
    }
  }

  @Override
  public void resume() {
    processes.signal("CONT");
  }

  @Override
  public String describe() {
    return processes.describe();
  }
}

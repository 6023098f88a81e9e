package ai.dynamo.test.engine.environment;

import java.time.Duration;
import java.util.OptionalInt;

/** One start of a service: a local process with its descendants, or a container. */
interface Instance {

  /** Whether it still runs (a paused one counts as running). */
  boolean isAlive();

  /** The exit code once it has exited. */
  OptionalInt exitCode();

  /** SIGTERM, up to {@code grace} to exit, then SIGKILL; for containers also removes them. */
  void stop(Duration grace);

  /** SIGKILL at once. */
  void kill();

  void pause();

  void resume();

  /**
   * For messages: {@code process group 4711}, {@code process 4711 and its descendants} or {@code
   * container 3f2a...}.
   */
  String describe();

  /**
   * Runs {@code teardown} with the thread's interrupt flag cleared, then sets it again if it was
   * set: a test that left its thread interrupted (or was interrupted by a timeout) must still have
   * its services stopped, and with the flag set every wait of the teardown (for a signal to be
   * sent, a grace period, the process to be reaped, a Docker call) would end at once.
   */
  static void uninterrupted(Runnable teardown) {
    boolean interrupted = Thread.interrupted();
    try {
      teardown.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package ai.dynamo.test.engine.environment;

import java.time.Duration;
import java.util.OptionalInt;

/** One start of a service: a process group or a container. */
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

  /** For messages: {@code process group 4711} or {@code container 3f2a...}. */
  String describe();
}

package ai.dynamo.test.engine.environment;

import java.time.Instant;
import java.util.Optional;

/**
 * Names the JVM that starts services, so that leftovers of a JVM that died can be told from those
 * of one that still runs: its pid and start time, as in {@code 4711-1732460000123}. Process group
 * files and container labels carry this owner.
 */
final class Ownership {

  /** The label every container started by the library carries, with the owner as value. */
  static final String OWNER_LABEL = "ai.dynamo.test.owner";

  /** The label with the service's name. */
  static final String SERVICE_LABEL = "ai.dynamo.test.service";

  private static final String CURRENT = describe(ProcessHandle.current());

  private Ownership() {}

  static String current() {
    return CURRENT;
  }

  private static String describe(ProcessHandle process) {
    return process.pid()
        + "-"
        + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** Whether the JVM named {@code owner} still runs. */
  static boolean isAlive(String owner) {
    int dash = owner.indexOf('-');
    if (dash < 0) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(owner.substring(0, dash));
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isPresent() && process.get().isAlive() && describe(process.get()).equals(owner);
  }
}

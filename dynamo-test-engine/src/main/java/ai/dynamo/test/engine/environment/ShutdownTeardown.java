package ai.dynamo.test.engine.environment;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills the services that still run when the JVM shuts down without closing its stores (Ctrl-C,
 * SIGTERM to the build, {@code System.exit} in a test). A JVM killed with SIGKILL runs no hook:
 * {@link Reaper} handles that on the next run.
 */
final class ShutdownTeardown {

  private static final Set<Instance> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Instance instance : LIVE) {
                    try {
                      instance.kill();
                    } catch (RuntimeException e) {
                      // the JVM is going away: kill what can be killed
                    }
                  }
                },
                "dynamo-services-shutdown"));
  }

  private ShutdownTeardown() {}

  static void started(Instance instance) {
    LIVE.add(instance);
  }

  static void stopped(Instance instance) {
    LIVE.remove(instance);
  }
}

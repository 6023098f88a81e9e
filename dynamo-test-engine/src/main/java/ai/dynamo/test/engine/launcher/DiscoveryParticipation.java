package ai.dynamo.test.engine.launcher;

/**
 * Whether the {@code dynamo} engine takes part in the discovery under way on this thread. The
 * Launcher discovers and filters on the caller's thread, so the listener that sees the engine start
 * and the filter that needs to know are joined here.
 */
final class DiscoveryParticipation {

  private static final ThreadLocal<Boolean> DYNAMO_DISCOVERING =
      ThreadLocal.withInitial(() -> false);

  private DiscoveryParticipation() {}

  static void reset() {
    DYNAMO_DISCOVERING.set(false);
  }

  static void dynamoStarted() {
    DYNAMO_DISCOVERING.set(true);
  }

  static boolean isDynamoDiscovering() {
    return DYNAMO_DISCOVERING.get();
  }
}

package ai.dynamo.test.engine.run;

import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Hands the session's run to the engine for the length of each discovery, on its thread, with the
 * launcher filters the discovery will apply after the engine.
 */
final class RunDiscoveryListener implements LauncherDiscoveryListener {

  private final DynamoRun run;
  private final ThreadLocal<DynamoRun> outer = new ThreadLocal<>();

  RunDiscoveryListener(DynamoRun run) {
    this.run = run;
  }

  @Override
  public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
    outer.set(run.startDiscovering());
    run.launcherFilters().discovering(request.getPostDiscoveryFilters());
  }

  @Override
  public void launcherDiscoveryFinished(LauncherDiscoveryRequest request) {
    DynamoRun.stopDiscovering(outer.get());
    outer.remove();
  }
}

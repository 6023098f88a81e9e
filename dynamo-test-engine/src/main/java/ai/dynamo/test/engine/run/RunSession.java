package ai.dynamo.test.engine.run;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Opens one {@link DynamoRun} per launcher session: Surefire's fork, an IDE's run, a
 * ConsoleLauncher run, or one request of {@code LauncherFactory.create()}'s launcher, which opens a
 * session per request. Keeps the run in the session's store, and registers with the session's
 * launcher the listeners that hand it to the engine's discovery and that record and report the run.
 * Registered through {@code ServiceLoader}.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunSession implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    DynamoRun run = new DynamoRun();
    session.getStore().put(DynamoRun.NAMESPACE, DynamoRun.class, run);
    session.getLauncher().registerLauncherDiscoveryListeners(new RunDiscoveryListener(run));
    session.getLauncher().registerTestExecutionListeners(new RunListener(run));
  }
}

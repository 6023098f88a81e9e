package ai.dynamo.test.engine.launcher;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.DynamoTestEngine;
import org.apiguardian.api.API;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Notes whether the {@code dynamo} engine takes part in a discovery, for {@link
 * JupiterDuplicateFilter}. Registered through {@code ServiceLoader}.
 */
@API(status = INTERNAL, since = "0.1")
public final class DynamoDiscoveryListener implements LauncherDiscoveryListener {

  @Override
  public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
    DiscoveryParticipation.reset();
  }

  @Override
  public void engineDiscoveryStarted(UniqueId engineId) {
    if (engineId.getEngineId().filter(DynamoTestEngine.ENGINE_ID::equals).isPresent()) {
      DiscoveryParticipation.dynamoStarted();
    }
  }
}

package ai.dynamo.test.engine.reporting;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs classes through a real Launcher, whose ServiceLoader-registered listeners write the reports:
 * EngineTestKit runs the engine alone, without them.
 */
final class Launches {

  private Launches() {}

  static void run(Map<String, String> parameters, Class<?>... classes) {
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(
                    Arrays.stream(classes)
                        .map(c -> selectClass(c))
                        .toArray(DiscoverySelector[]::new))
                .configurationParameters(parameters)
                .enableImplicitConfigurationParameters(false)
                .build());
  }
}

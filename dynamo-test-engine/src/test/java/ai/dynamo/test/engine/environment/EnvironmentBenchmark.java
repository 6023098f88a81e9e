package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.engine.Constants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Measures how long NATS and etcd take from start to ready, as local processes and as host-network
 * containers, and how many starts run-scoped sharing saves. A benchmark, not a test: run it with
 *
 * <pre>{@code ./mvnw -B -q -o verify -pl dynamo-test-engine -am -Penv-benchmark -DskipTests}</pre>
 *
 * <p>Container mode is measured when a Docker engine answers and the images are present (see {@code
 * .ci/services}).
 */
final class EnvironmentBenchmark {

  private static final int ROUNDS = 7;

  private EnvironmentBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("dynamo-env-benchmark");
    EnvironmentSettings settings =
        EnvironmentSettings.from(
            key ->
                switch (key) {
                  case Constants.ENV_LOGS -> Optional.of(dir.resolve("logs").toString());
                  case Constants.ENV_STATE -> Optional.of(dir.resolve("state").toString());
                  case Constants.ENV_CONTAINER_NETWORK -> Optional.of("host");
                  case Constants.ENV_STOP_GRACE -> Optional.of("5s");
                  default -> Optional.empty();
                });
    boolean docker = ContainerInstance.dockerAvailable();
    System.out.printf(
        Locale.ROOT,
        "start-to-ready, %d rounds each (after one warm-up), milliseconds%n%-6s %-10s %8s %8s %8s%n",
        ROUNDS,
        "svc",
        "mode",
        "min",
        "median",
        "max");
    for (ServiceMode mode : List.of(ServiceMode.LOCAL, ServiceMode.CONTAINER)) {
      if (mode == ServiceMode.CONTAINER && !docker) {
        System.out.println("container mode: no Docker engine answered, not measured");
        continue;
      }
      measure(BuiltInRecipes.nats(false, settings.natsImage()), mode, settings);
      measure(BuiltInRecipes.etcd(settings.etcdImage()), mode, settings);
    }
    sharing(dir);
  }

  private static void measure(
      ServiceDefinition definition, ServiceMode mode, EnvironmentSettings settings) {
    List<Long> millis = new ArrayList<>();
    for (int round = 0; round <= ROUNDS; round++) {
      long started = System.nanoTime();
      try (RunningService service =
          new RunningService(
              definition, mode, settings, Duration.ofSeconds(60), "benchmark", Map.of())) {
        service.start();
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        if (round > 0) {
          millis.add(elapsed);
        }
      }
    }
    Collections.sort(millis);
    System.out.printf(
        Locale.ROOT,
        "%-6s %-10s %8d %8d %8d%n",
        definition.name(),
        mode.name().toLowerCase(Locale.ROOT),
        millis.get(0),
        millis.get(millis.size() / 2),
        millis.get(millis.size() - 1));
  }

  private static void sharing(Path dir) {
    EnvironmentTestKit kit = new EnvironmentTestKit(dir.resolve("sharing"), "local");
    List<Class<?>> classes =
        List.of(
            ServiceFixtures.SharesNatsA.class,
            ServiceFixtures.SharesNatsB.class,
            ServiceFixtures.SharesNatsC.class);
    kit.run(classes.toArray(Class<?>[]::new));
    long starts = kit.starts("nats");
    System.out.printf(
        Locale.ROOT,
        "run-scoped sharing: %d classes declare @Service(value = NATS, scope = RUN); NATS started %d"
            + " time(s); %d start(s) saved%n",
        classes.size(),
        starts,
        classes.size() - starts);
  }
}

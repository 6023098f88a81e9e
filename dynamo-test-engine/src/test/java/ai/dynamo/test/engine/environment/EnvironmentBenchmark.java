package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.requirements.ExecutableLookup;
import ai.dynamo.test.engine.requirements.HostProbe;
import ai.dynamo.test.engine.requirements.RequirementsCheck;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 * .ci/services}); otherwise the benchmark says why it is not measured and goes on. Arguments of the
 * form {@code dynamo.env.KEY=VALUE} override the benchmark's settings, such as {@code
 * dynamo.env.image.nats=my/nats:1}.
 */
final class EnvironmentBenchmark {

  private static final int ROUNDS = 7;

  private EnvironmentBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> overrides = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("Expected dynamo.env.KEY=VALUE, found " + arg);
      }
      overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    run(Files.createTempDirectory("dynamo-env-benchmark"), overrides, ROUNDS, System.out);
  }

  /** Measures with the services' logs and state under {@code dir}. */
  static void run(Path dir, Map<String, String> overrides, int rounds, PrintStream out) {
    EnvironmentSettings settings =
        EnvironmentSettings.from(
            key ->
                Optional.ofNullable(overrides.get(key))
                    .or(
                        () ->
                            switch (key) {
                              case Constants.ENV_LOGS ->
                                  Optional.of(dir.resolve("logs").toString());
                              case Constants.ENV_STATE ->
                                  Optional.of(dir.resolve("state").toString());
                              case Constants.ENV_CONTAINER_NETWORK -> Optional.of("host");
                              case Constants.ENV_STOP_GRACE -> Optional.of("5s");
                              default -> Optional.empty();
                            }));
    out.printf(
        Locale.ROOT,
        "start-to-ready, %d rounds each (after one warm-up), milliseconds%n%-6s %-10s %8s %8s %8s%n",
        rounds,
        "svc",
        "mode",
        "min",
        "median",
        "max");
    for (ServiceMode mode : List.of(ServiceMode.LOCAL, ServiceMode.CONTAINER)) {
      if (mode == ServiceMode.CONTAINER) {
        Optional<String> unavailable = containerModeUnavailable(settings);
        if (unavailable.isPresent()) {
          out.println("container mode: " + unavailable.get() + ", not measured");
          continue;
        }
      }
      for (ServiceDefinition definition :
          List.of(
              BuiltInRecipes.nats(false, settings.natsImage()),
              BuiltInRecipes.etcd(settings.etcdImage()))) {
        try {
          measure(definition, mode, settings, rounds, out);
        } catch (ServiceStartException e) {
          out.printf(
              Locale.ROOT,
              "%-6s %-10s not measured: %s%n",
              definition.name(),
              mode.name().toLowerCase(Locale.ROOT),
              e.getMessage());
        }
      }
    }
    sharing(dir, out);
  }

  /** Why container mode cannot be measured: no Docker engine, or an image that is not there. */
  private static Optional<String> containerModeUnavailable(EnvironmentSettings settings) {
    Optional<String> noDocker =
        new RequirementsCheck(HostProbe.of(DynamoConfiguration.from(key -> Optional.empty())))
            .dockerMissing();
    if (noDocker.isPresent()) {
      return noDocker;
    }
    List<String> missing = new ArrayList<>();
    if (!ContainerInstance.imagePresent(settings.natsImage())) {
      missing.add("'" + settings.natsImage() + "' (" + Constants.ENV_IMAGE_NATS + ")");
    }
    if (!ContainerInstance.imagePresent(settings.etcdImage())) {
      missing.add("'" + settings.etcdImage() + "' (" + Constants.ENV_IMAGE_ETCD + ")");
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "Docker answers but the image"
            + (missing.size() > 1 ? "s " : " ")
            + String.join(" and ", missing)
            + (missing.size() > 1 ? " are" : " is")
            + " not present (images are never pulled; .ci/services builds them)");
  }

  private static void measure(
      ServiceDefinition definition,
      ServiceMode mode,
      EnvironmentSettings settings,
      int rounds,
      PrintStream out) {
    List<Long> millis = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      long started = System.nanoTime();
      try (RunningService service =
          new RunningService(
              definition,
              mode,
              settings,
              Duration.ofSeconds(60),
              "benchmark",
              Map.of(),
              ExecutableLookup.onPath(System.getenv("PATH")))) {
        service.start();
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        if (round > 0) {
          millis.add(elapsed);
        }
      }
    }
    Collections.sort(millis);
    out.printf(
        Locale.ROOT,
        "%-6s %-10s %8d %8d %8d%n",
        definition.name(),
        mode.name().toLowerCase(Locale.ROOT),
        millis.get(0),
        millis.get(millis.size() / 2),
        millis.get(millis.size() - 1));
  }

  private static void sharing(Path dir, PrintStream out) {
    EnvironmentTestKit kit = new EnvironmentTestKit(dir.resolve("sharing"), "local");
    List<Class<?>> classes =
        List.of(
            ServiceFixtures.SharesNatsA.class,
            ServiceFixtures.SharesNatsB.class,
            ServiceFixtures.SharesNatsC.class);
    kit.run(classes.toArray(Class<?>[]::new));
    long starts = kit.starts("nats");
    out.printf(
        Locale.ROOT,
        "run-scoped sharing: %d classes declare @Service(value = NATS, scope = RUN); NATS started %d"
            + " time(s); %d start(s) saved%n",
        classes.size(),
        starts,
        classes.size() - starts);
  }
}

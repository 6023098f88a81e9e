package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.requirements.ExecutableLookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a service's definition into a running {@link Instance}: a local process of the definition's
 * executable, with its descendants under the run's {@link ProcessControl}, found by the run's
 * {@link ExecutableLookup}, or a container of its image; with the placeholders of the recipe
 * replaced. Refuses, with what to do, what cannot start: a missing executable or image, a container
 * network the engine does not have.
 */
final class InstanceLauncher {

  static final String LOOPBACK = "127.0.0.1";
  private static final String CONTAINER_DATA = "/data";

  /** A started instance and the host at which its ports are reached. */
  record Launched(Instance instance, String host) {}

  private final ServiceDefinition definition;
  private final EnvironmentSettings settings;
  private final ExecutableLookup executables;
  private final Map<String, Integer> ports;
  private final ServiceLog log;
  private final Path dataDirectory;
  private final Map<String, String> extraEnvironment;

  InstanceLauncher(
      ServiceDefinition definition,
      EnvironmentSettings settings,
      ExecutableLookup executables,
      Map<String, Integer> ports,
      ServiceLog log,
      Path dataDirectory,
      Map<String, String> extraEnvironment) {
    this.definition = definition;
    this.settings = settings;
    this.executables = executables;
    this.ports = ports;
    this.log = log;
    this.dataDirectory = dataDirectory;
    this.extraEnvironment = Map.copyOf(extraEnvironment);
  }

  /**
   * Starts an instance in {@code mode}, not yet ready.
   *
   * @throws ServiceStartException saying why it could not start, with the tail of its log
   */
  Launched launch(ServiceMode mode) {
    try {
      return mode == ServiceMode.CONTAINER ? container() : local();
    } catch (IOException e) {
      throw new ServiceStartException(
          "Service '"
              + definition.name()
              + "' could not be started: "
              + e.getMessage()
              + ". "
              + log.describeTail(),
          e);
    } catch (ServiceStartException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ServiceStartException(
          "Service '"
              + definition.name()
              + "' could not be started as a container from image "
              + definition.image().orElse("?")
              + ": "
              + e
              + hostOverrideHint(e)
              + " "
              + log.describeTail(),
          e);
    }
  }

  private static String hostOverrideHint(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (String.valueOf(cause.getMessage()).contains("network bridge not found")) {
        return ". The Docker engine has no default bridge network: set the environment variable"
            + " TESTCONTAINERS_HOST_OVERRIDE=localhost (and use dynamo.env.container.network=host or a"
            + " user-defined network).";
      }
    }
    return ".";
  }

  private Launched local() throws IOException {
    String executableName =
        definition
            .executable()
            .orElseThrow(
                () ->
                    new ServiceStartException(
                        "Service '"
                            + definition.name()
                            + "' has no local recipe (withExecutable); run it with"
                            + " dynamo.env.mode=container."));
    Path executable =
        executables.find(executableName).orElseThrow(() -> missingExecutable(executableName));
    Files.createDirectories(dataDirectory);
    Placeholders placeholders =
        new Placeholders(definition.name(), LOOPBACK, LOOPBACK, dataDirectory.toString(), ports);
    Path workingDirectory =
        Path.of(placeholders.apply(definition.workingDirectory().orElse("${dataDir}")));
    Files.createDirectories(workingDirectory);
    return new Launched(
        LocalInstance.start(
            ProcessControl.choose(settings.localProcesses(), executables),
            executable,
            placeholders.apply(definition.arguments()),
            withExtra(placeholders.apply(definition.environment())),
            workingDirectory,
            log,
            settings.state(),
            definition.name()),
        LOOPBACK);
  }

  /** The definition's own environment wins over what the engine adds (CUDA_VISIBLE_DEVICES). */
  private Map<String, String> withExtra(Map<String, String> own) {
    if (extraEnvironment.isEmpty()) {
      return own;
    }
    Map<String, String> merged = new LinkedHashMap<>(extraEnvironment);
    merged.putAll(own);
    return merged;
  }

  private ServiceStartException missingExecutable(String executable) {
    return new ServiceStartException(
        "Service '"
            + definition.name()
            + "' needs the executable '"
            + executable
            + "', which was not found (searched "
            + executables.searched(executable)
            + "). Install it"
            + definition.installHint().map(hint -> ": " + hint).orElse("")
            + ", or run services as containers with dynamo.env.mode=container.");
  }

  private Launched container() {
    String image =
        definition
            .image()
            .orElseThrow(
                () ->
                    new ServiceStartException(
                        "Service '"
                            + definition.name()
                            + "' has no container recipe (withImage); run it"
                            + " with dynamo.env.mode=local."));
    if (!ContainerInstance.imagePresent(image)) {
      throw new ServiceStartException(
          "Service '"
              + definition.name()
              + "' needs the image '"
              + image
              + "', which is not present in the local Docker engine, and images are never pulled."
              + " Build it (.ci/services builds dynamo-test/nats:local and dynamo-test/etcd:local"
              + " from Debian packages) or "
              + BuiltInRecipes.imageKey(definition, settings)
                  .map(key -> "name a present image with " + key + ".")
                  .orElse("have the recipe's withImage name a present image."));
    }
    EnvironmentSettings.Network network = settings.network();
    checkNetwork(network);
    Placeholders placeholders =
        new Placeholders(
            definition.name(),
            LOOPBACK,
            network.isHost() ? LOOPBACK : "0.0.0.0",
            CONTAINER_DATA,
            ports);
    ContainerInstance instance =
        ContainerInstance.start(
            image,
            placeholders.apply(definition.containerCommand()),
            withExtra(placeholders.apply(definition.containerEnvironment())),
            new ArrayList<>(ports.values()),
            network,
            log,
            definition.name());
    return new Launched(instance, network.isHost() ? LOOPBACK : ContainerInstance.dockerHost());
  }

  private void checkNetwork(EnvironmentSettings.Network network) {
    if (network.equals(EnvironmentSettings.Network.BRIDGE)
        && !ContainerInstance.hasDefaultBridge()) {
      throw new ServiceStartException(
          "Service '"
              + definition.name()
              + "' cannot run with "
              + Constants.ENV_CONTAINER_NETWORK
              + "=bridge: the Docker engine has no default bridge network (dockerd --bridge=none,"
              + " as .ci/services starts it), so its ports could not be reached. Set "
              + Constants.ENV_CONTAINER_NETWORK
              + "=host, or name a user-defined network ("
              + Constants.ENV_CONTAINER_NETWORK
              + "=ci-bridge after docker network create ci-bridge).");
    }
    if (network.isUserDefined() && !ContainerInstance.networkExists(network.name())) {
      throw new ServiceStartException(
          "Service '"
              + definition.name()
              + "' cannot run with "
              + Constants.ENV_CONTAINER_NETWORK
              + "="
              + network.name()
              + ": the Docker engine has no network '"
              + network.name()
              + "'. Create it with docker network create "
              + network.name()
              + ", or set "
              + Constants.ENV_CONTAINER_NETWORK
              + " to host, bridge (Docker's default bridge, where the engine has one) or the name"
              + " of an existing user-defined network.");
    }
  }
}

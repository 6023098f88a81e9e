package ai.dynamo.test.engine.environment;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.MissingRequirement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/** The {@code dynamo.env.*} parameters of one run, parsed once. */
@API(status = INTERNAL, since = "0.1")
public record EnvironmentSettings(
    Mode mode,
    Network network,
    Path logs,
    Duration startTimeout,
    Duration stopGrace,
    String natsImage,
    String etcdImage,
    Path state,
    ProcessControl.Setting localProcesses,
    MissingRequirement missing) {

  /** The value of {@link Constants#ENV_MODE}. */
  enum Mode {
    LOCAL,
    CONTAINER,
    AUTO
  }

  /**
   * The value of {@link Constants#ENV_CONTAINER_NETWORK}: {@link #HOST}, Docker's default {@link
   * #BRIDGE}, or the name of a user-defined Docker network, which must exist when a container
   * starts.
   */
  record Network(String name) {

    /** The container shares the host's network. */
    static final Network HOST = new Network("host");

    /** Docker's default bridge network. */
    static final Network BRIDGE = new Network("bridge");

    /** Docker's rule for network names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    static Network parse(String raw) {
      String value = raw.trim();
      if (value.equalsIgnoreCase(HOST.name)) {
        return HOST;
      }
      if (value.equalsIgnoreCase(BRIDGE.name)) {
        return BRIDGE;
      }
      if (!NAME.matcher(value).matches() || value.equalsIgnoreCase("none")) {
        throw new ConfigurationException(
            "Invalid "
                + Constants.ENV_CONTAINER_NETWORK
                + "="
                + raw
                + ". Valid values: host, bridge (default), or the name of an existing"
                + " user-defined Docker network (letters, digits, '_', '.', '-'; created with"
                + " docker network create <name>).");
      }
      return new Network(value);
    }

    boolean isHost() {
      return this.equals(HOST);
    }

    /** A named user-defined network, which containers join with their ports published. */
    boolean isUserDefined() {
      return !isHost() && !this.equals(BRIDGE);
    }
  }

  static EnvironmentSettings from(Function<String, Optional<String>> parameters) {
    return from(DynamoConfiguration.from(parameters));
  }

  /**
   * The settings of {@code configuration}.
   *
   * @throws ConfigurationException naming the key, the value and the valid values of a bad one
   */
  public static EnvironmentSettings from(DynamoConfiguration configuration) {
    return new EnvironmentSettings(
        choice(configuration, Constants.ENV_MODE, Mode.class, Mode.LOCAL),
        configuration
            .get(Constants.ENV_CONTAINER_NETWORK)
            .map(Network::parse)
            .orElse(Network.BRIDGE),
        configuration
            .get(Constants.ENV_LOGS)
            .map(Path::of)
            .orElseGet(() -> configuration.reportsDir().resolve("services"))
            .toAbsolutePath(),
        duration(configuration, Constants.ENV_START_TIMEOUT, "30s"),
        duration(configuration, Constants.ENV_STOP_GRACE, "10s"),
        configuration.get(Constants.ENV_IMAGE_NATS).orElse("dynamo-test/nats:local"),
        configuration.get(Constants.ENV_IMAGE_ETCD).orElse("dynamo-test/etcd:local"),
        configuration
            .get(Constants.ENV_STATE)
            .map(Path::of)
            .orElse(Path.of(System.getProperty("java.io.tmpdir"), "dynamo-test-services"))
            .toAbsolutePath(),
        choice(
            configuration,
            Constants.ENV_LOCAL_PROCESSES,
            ProcessControl.Setting.class,
            ProcessControl.Setting.AUTO),
        configuration.missingRequirement());
  }

  private static Duration duration(DynamoConfiguration configuration, String key, String def) {
    return Durations.parse(key, configuration.get(key).orElse(def));
  }

  private static <E extends Enum<E>> E choice(
      DynamoConfiguration configuration, String key, Class<E> type, E defaultValue) {
    return DynamoConfiguration.option(configuration::get, key, type, defaultValue);
  }
}

package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.engine.Constants;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A declared service that this library runs, as a process group or a container: the handle tests
 * get, and the resource the scope's store closes. Its ports are chosen once and kept across
 * restarts; its log file collects every start.
 */
final class RunningService implements ServiceHandle, AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";
  private static final String CONTAINER_DATA = "/data";

  private final ServiceDefinition definition;
  private final ServiceMode mode;
  private final EnvironmentSettings settings;
  private final Duration startTimeout;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final ServiceLog log;
  private final Path dataDirectory;
  private final Map<String, String> extraEnvironment;
  private Instance instance;
  private volatile String host = LOOPBACK;
  private boolean paused;
  private boolean closed;
  private boolean intentionallyDown;

  RunningService(
      ServiceDefinition definition,
      ServiceMode mode,
      EnvironmentSettings settings,
      Duration startTimeout,
      String logBase,
      Map<String, String> extraEnvironment) {
    this.extraEnvironment = Map.copyOf(extraEnvironment);
    this.definition = definition;
    this.mode = mode;
    this.settings = settings;
    this.startTimeout = startTimeout;
    for (String port : definition.ports()) {
      ports.put(port, Ports.free());
    }
    this.log = ServiceLog.create(settings.logs(), logBase, definition.name());
    Path logFile = log.file();
    this.dataDirectory =
        logFile.resolveSibling(logFile.getFileName().toString().replaceFirst("\\.log$", ".data"));
  }

  /** Starts the service and waits until it is ready. */
  synchronized RunningService start() {
    long offset = log.size();
    log.noteStart(definition.name() + " (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
    try {
      instance = mode == ServiceMode.CONTAINER ? startContainer() : startLocal();
      ShutdownTeardown.started(instance);
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
    paused = false;
    intentionallyDown = false;
    Readiness readiness =
        definition.readiness().orElseGet(() -> Readiness.tcpPort(definition.ports().get(0)));
    try {
      ReadinessWaiter.await(this, instance, readiness, startTimeout, log, offset);
    } catch (RuntimeException e) {
      instance.kill();
      ShutdownTeardown.stopped(instance);
      throw e;
    }
    return this;
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

  private Instance startLocal() throws IOException {
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
    Path executable = findExecutable(executableName);
    Files.createDirectories(dataDirectory);
    Placeholders placeholders =
        new Placeholders(definition.name(), LOOPBACK, LOOPBACK, dataDirectory.toString(), ports);
    Path workingDirectory =
        Path.of(placeholders.apply(definition.workingDirectory().orElse("${dataDir}")));
    Files.createDirectories(workingDirectory);
    return LocalInstance.start(
        executable,
        placeholders.apply(definition.arguments()),
        withExtra(placeholders.apply(definition.environment())),
        workingDirectory,
        log,
        settings.state(),
        definition.name());
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

  private Path findExecutable(String name) {
    if (name.contains(File.separator)) {
      Path path = Path.of(name);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw missing(name, List.of(path.toString()));
    }
    // Debian installs daemons such as nats-server under sbin, which is not on every user's PATH.
    Set<String> directories = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      directories.addAll(List.of(path.split(File.pathSeparator)));
    }
    directories.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
    directories.remove("");
    for (String directory : directories) {
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw missing(name, new ArrayList<>(directories));
  }

  private ServiceStartException missing(String executable, List<String> searched) {
    return new ServiceStartException(
        "Service '"
            + definition.name()
            + "' needs the executable '"
            + executable
            + "', which was not found (searched "
            + String.join(":", searched)
            + "). Install it"
            + definition.installHint().map(hint -> ": " + hint).orElse("")
            + ", or run services as containers with dynamo.env.mode=container.");
  }

  private Instance startContainer() {
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
    host = network.isHost() ? LOOPBACK : ContainerInstance.dockerHost();
    Placeholders placeholders =
        new Placeholders(
            definition.name(),
            LOOPBACK,
            network.isHost() ? LOOPBACK : "0.0.0.0",
            CONTAINER_DATA,
            ports);
    return ContainerInstance.start(
        image,
        placeholders.apply(definition.containerCommand()),
        withExtra(placeholders.apply(definition.containerEnvironment())),
        new ArrayList<>(ports.values()),
        network,
        log,
        definition.name());
  }

  /** Whether the service's ports are Docker's published ports rather than its own sockets. */
  boolean publishesPorts() {
    return mode == ServiceMode.CONTAINER && !settings.network().isHost();
  }

  String key() {
    return definition.toString();
  }

  Optional<Instance> instance() {
    return Optional.ofNullable(instance);
  }

  /** What went wrong with this service during a test, if it died without being told to. */
  synchronized Optional<String> misbehaviour() {
    if (closed || intentionallyDown || instance == null || instance.isAlive()) {
      return Optional.empty();
    }
    return Optional.of(
        "Service '"
            + definition.name()
            + "' ("
            + instance.describe()
            + ") died during the test"
            + instance.exitCode().stream()
                .mapToObj(code -> " with exit code " + code)
                .findFirst()
                .orElse("")
            + ". "
            + log.describeTail());
  }

  @Override
  public String name() {
    return definition.name();
  }

  @Override
  public ServiceMode mode() {
    return mode;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return ports.values().iterator().next();
  }

  @Override
  public int port(String name) {
    Integer port = ports.get(name);
    if (port == null) {
      throw new IllegalArgumentException(
          "Service '"
              + definition.name()
              + "' has no port '"
              + name
              + "'; its ports: "
              + ports.keySet()
              + ".");
    }
    return port;
  }

  @Override
  public Map<String, Integer> ports() {
    return Collections.unmodifiableMap(ports);
  }

  @Override
  public String url() {
    String template = definition.url().orElse("${host}:${port}");
    return new Placeholders(definition.name(), host, LOOPBACK, dataDirectory.toString(), ports)
        .apply(template);
  }

  @Override
  public Path logFile() {
    return log.file();
  }

  @Override
  public synchronized boolean isRunning() {
    return instance != null && !paused && instance.isAlive();
  }

  @Override
  public synchronized void stop() {
    intentionallyDown = true;
    if (instance != null) {
      instance.stop(settings.stopGrace());
    }
  }

  @Override
  public synchronized void kill() {
    intentionallyDown = true;
    if (instance != null) {
      instance.kill();
    }
  }

  @Override
  public synchronized void restart() {
    if (instance != null) {
      instance.stop(settings.stopGrace());
      ShutdownTeardown.stopped(instance);
    }
    start();
  }

  @Override
  public synchronized void pause() {
    if (instance != null) {
      instance.pause();
      paused = true;
    }
  }

  @Override
  public synchronized void resume() {
    if (instance != null) {
      instance.resume();
      paused = false;
    }
  }

  /** Stops the service (process group or container) and removes its data directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (instance != null) {
        instance.stop(settings.stopGrace());
        ShutdownTeardown.stopped(instance);
      }
    } finally {
      deleteData();
    }
  }

  private void deleteData() {
    if (!Files.exists(dataDirectory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // the data is only in the way of disk space
    }
  }

  @Override
  public String toString() {
    return definition.name() + " (" + mode + ", " + url() + ", log " + log.file() + ")";
  }
}

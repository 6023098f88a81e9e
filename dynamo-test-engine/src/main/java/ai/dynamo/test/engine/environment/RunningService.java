package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.engine.requirements.ExecutableLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A declared service that this library runs, as local processes or a container: the handle tests
 * get, and the resource the scope's store closes. Its ports are chosen once and kept across
 * restarts; its log file collects every start. {@link InstanceLauncher} starts each instance; this
 * class waits for it to be ready and controls it.
 */
final class RunningService implements ServiceHandle, AutoCloseable {

  private final ServiceDefinition definition;
  private final ServiceMode mode;
  private final EnvironmentSettings settings;
  private final Duration startTimeout;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final ServiceLog log;
  private final Path dataDirectory;
  private final InstanceLauncher launcher;
  private Instance instance;
  private volatile String host = InstanceLauncher.LOOPBACK;
  private boolean paused;
  private boolean closed;
  private boolean intentionallyDown;

  RunningService(
      ServiceDefinition definition,
      ServiceMode mode,
      EnvironmentSettings settings,
      Duration startTimeout,
      String logBase,
      Map<String, String> extraEnvironment,
      ExecutableLookup executables) {
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
    this.launcher =
        new InstanceLauncher(
            definition, settings, executables, ports, log, dataDirectory, extraEnvironment);
  }

  /** Starts the service and waits until it is ready. */
  synchronized RunningService start() {
    long offset = log.size();
    log.noteStart(definition.name() + " (" + mode.name().toLowerCase(Locale.ROOT) + ")");
    InstanceLauncher.Launched launched = launcher.launch(mode);
    instance = launched.instance();
    host = launched.host();
    ShutdownTeardown.started(instance);
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

  /** Whether the service's ports are Docker's published ports rather than its own sockets. */
  boolean publishesPorts() {
    return mode == ServiceMode.CONTAINER && !settings.network().isHost();
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
    return new Placeholders(
            definition.name(), host, InstanceLauncher.LOOPBACK, dataDirectory.toString(), ports)
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

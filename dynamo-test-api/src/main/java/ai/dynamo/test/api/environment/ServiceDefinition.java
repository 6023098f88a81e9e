package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How to run one service, locally and in a container: what a {@link ServiceRecipe} returns.
 *
 * <pre>{@code
 * ServiceDefinition.named("nats")
 *     .withPorts("client")
 *     .withExecutable("nats-server", "-a", "127.0.0.1", "-p", "${port.client}")
 *     .withInstallHint("apt-get install nats-server")
 *     .withImage("dynamo-test/nats:local")
 *     .withContainerCommand("-a", "127.0.0.1", "-p", "${port.client}")
 *     .withUrl("nats://${host}:${port.client}")
 *     .waitingFor(Readiness.tcpPort("client"))
 *     .withStartTimeout(Duration.ofSeconds(20))
 *     .withEndpointVariable("NATS_SERVER");
 * }</pre>
 *
 * <p>Arguments, environment values, the working directory and the URL may contain placeholders,
 * replaced at each start: {@code ${port.NAME}} (a free port chosen for the port named NAME, the
 * same across restarts), {@code ${port}} (the first port), {@code ${host}} (where the service is
 * reached), {@code ${dataDir}} (an empty directory of this service instance, kept across restarts)
 * and {@code ${name}}. In container mode with bridge networking the container listens on the same
 * port numbers, published on the host's ports of the same numbers.
 *
 * <p>Definitions are values: two with equal fields are {@link #equals equal}, which is how
 * run-scoped declarations of the same service in different classes share one instance. Do not
 * change a definition after a recipe returned it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ServiceDefinition {

  private final String name;
  private final List<String> ports = new ArrayList<>();
  private String executable;
  private final List<String> arguments = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private String workingDirectory;
  private String installHint;
  private String image;
  private final List<String> containerCommand = new ArrayList<>();
  private final Map<String, String> containerEnvironment = new LinkedHashMap<>();
  private String url;
  private Readiness readiness;
  private Duration startTimeout;
  private String endpointVariable;

  private ServiceDefinition(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException(
          "Invalid service name '"
              + name
              + "': use letters, digits, '.', '_' and '-' (it names log files and containers).");
    }
    this.name = name;
  }

  /** A definition of the service called {@code name}. */
  public static ServiceDefinition named(String name) {
    return new ServiceDefinition(name);
  }

  /** A copy of this definition under another name. */
  public ServiceDefinition renamed(String newName) {
    ServiceDefinition copy = new ServiceDefinition(newName);
    copy.ports.addAll(ports);
    copy.executable = executable;
    copy.arguments.addAll(arguments);
    copy.environment.putAll(environment);
    copy.workingDirectory = workingDirectory;
    copy.installHint = installHint;
    copy.image = image;
    copy.containerCommand.addAll(containerCommand);
    copy.containerEnvironment.putAll(containerEnvironment);
    copy.url = url;
    copy.readiness = readiness;
    copy.startTimeout = startTimeout;
    copy.endpointVariable = endpointVariable;
    return copy;
  }

  /** Names the ports the service serves; each gets a free port at start. */
  public ServiceDefinition withPorts(String... names) {
    for (String port : names) {
      if (!ports.contains(port)) {
        ports.add(Objects.requireNonNull(port));
      }
    }
    return this;
  }

  /** Local mode: the executable (a name looked up on the {@code PATH}, or a path) and arguments. */
  public ServiceDefinition withExecutable(String executable, String... arguments) {
    this.executable = Objects.requireNonNull(executable);
    this.arguments.clear();
    this.arguments.addAll(List.of(arguments));
    return this;
  }

  /** Local mode: an environment variable of the process (added to the JVM's environment). */
  public ServiceDefinition withEnv(String variable, String value) {
    environment.put(Objects.requireNonNull(variable), Objects.requireNonNull(value));
    return this;
  }

  /** Local mode: the working directory; default {@code ${dataDir}}. */
  public ServiceDefinition withWorkingDirectory(String directory) {
    this.workingDirectory = Objects.requireNonNull(directory);
    return this;
  }

  /** How to install the executable, quoted when it is missing: {@code apt-get install socat}. */
  public ServiceDefinition withInstallHint(String hint) {
    this.installHint = Objects.requireNonNull(hint);
    return this;
  }

  /** Container mode: the image, which must be present locally (it is never pulled). */
  public ServiceDefinition withImage(String image) {
    this.image = Objects.requireNonNull(image);
    return this;
  }

  /** Container mode: the command (arguments to the image's entry point). */
  public ServiceDefinition withContainerCommand(String... command) {
    containerCommand.clear();
    containerCommand.addAll(List.of(command));
    return this;
  }

  /** Container mode: an environment variable of the container. */
  public ServiceDefinition withContainerEnv(String variable, String value) {
    containerEnvironment.put(Objects.requireNonNull(variable), Objects.requireNonNull(value));
    return this;
  }

  /** The URL a client uses, with placeholders: {@code nats://${host}:${port.client}}. */
  public ServiceDefinition withUrl(String url) {
    this.url = Objects.requireNonNull(url);
    return this;
  }

  /** When the service is ready; default: the first port accepts connections. */
  public ServiceDefinition waitingFor(Readiness readiness) {
    this.readiness = Objects.requireNonNull(readiness);
    return this;
  }

  /** How long start-up may take; default {@code dynamo.env.start-timeout}. */
  public ServiceDefinition withStartTimeout(Duration timeout) {
    this.startTimeout = Objects.requireNonNull(timeout);
    return this;
  }

  /**
   * The escape hatch: when this environment variable is set (to a URL such as {@code
   * nats://host:4222}, or a comma-separated list whose first entry is used), the service is that
   * endpoint and nothing is started.
   */
  public ServiceDefinition withEndpointVariable(String variable) {
    this.endpointVariable = Objects.requireNonNull(variable);
    return this;
  }

  public String name() {
    return name;
  }

  public List<String> ports() {
    return Collections.unmodifiableList(ports);
  }

  public Optional<String> executable() {
    return Optional.ofNullable(executable);
  }

  public List<String> arguments() {
    return Collections.unmodifiableList(arguments);
  }

  public Map<String, String> environment() {
    return Collections.unmodifiableMap(environment);
  }

  public Optional<String> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  public Optional<String> installHint() {
    return Optional.ofNullable(installHint);
  }

  public Optional<String> image() {
    return Optional.ofNullable(image);
  }

  public List<String> containerCommand() {
    return Collections.unmodifiableList(containerCommand);
  }

  public Map<String, String> containerEnvironment() {
    return Collections.unmodifiableMap(containerEnvironment);
  }

  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** The readiness check; default: the first port accepts connections. */
  public Optional<Readiness> readiness() {
    return Optional.ofNullable(readiness);
  }

  public Optional<Duration> startTimeout() {
    return Optional.ofNullable(startTimeout);
  }

  public Optional<String> endpointVariable() {
    return Optional.ofNullable(endpointVariable);
  }

  /**
   * Whether {@code other} defines the same service: every field equal, the name, ports, local and
   * container recipes, URL, readiness, start timeout and endpoint variable. Run-scoped declarations
   * of equal definitions share one service.
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof ServiceDefinition that)) {
      return false;
    }
    return name.equals(that.name)
        && ports.equals(that.ports)
        && Objects.equals(executable, that.executable)
        && arguments.equals(that.arguments)
        && environment.equals(that.environment)
        && Objects.equals(workingDirectory, that.workingDirectory)
        && Objects.equals(installHint, that.installHint)
        && Objects.equals(image, that.image)
        && containerCommand.equals(that.containerCommand)
        && containerEnvironment.equals(that.containerEnvironment)
        && Objects.equals(url, that.url)
        && Objects.equals(readiness, that.readiness)
        && Objects.equals(startTimeout, that.startTimeout)
        && Objects.equals(endpointVariable, that.endpointVariable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        ports,
        executable,
        arguments,
        environment,
        workingDirectory,
        installHint,
        image,
        containerCommand,
        containerEnvironment,
        url,
        readiness,
        startTimeout,
        endpointVariable);
  }

  /** Everything that defines the service, for logs and messages. */
  @Override
  public String toString() {
    return name
        + "{ports="
        + ports
        + ", executable="
        + executable
        + " "
        + arguments
        + ", env="
        + environment
        + ", workdir="
        + workingDirectory
        + ", image="
        + image
        + " "
        + containerCommand
        + ", containerEnv="
        + containerEnvironment
        + ", url="
        + url
        + ", readiness="
        + readiness
        + ", startTimeout="
        + startTimeout
        + ", endpoint="
        + endpointVariable
        + "}";
  }
}

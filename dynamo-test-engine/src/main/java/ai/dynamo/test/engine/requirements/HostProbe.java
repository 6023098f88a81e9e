package ai.dynamo.test.engine.requirements;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.labels.MemorySize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apiguardian.api.API;

/**
 * Probes the host for the capabilities tests and services require. Each probe runs at most once per
 * instance, and only when something asks for its capability, so a run without GPU tests never calls
 * {@code nvidia-smi} and a run without Docker never touches Testcontainers. One instance serves a
 * run ({@link EngineRequirementsEvaluator#host}): {@code @Requires}, the GPU pool and the service
 * environment share its answers and its {@link #executables() executable lookup}. Every probe's
 * target is configurable ({@link Constants#NVIDIA_SMI}, {@link Constants#DOCKER_HOST}, {@link
 * Constants#KUBECTL}), which is how the tests use fakes.
 */
@API(status = INTERNAL, since = "0.1")
public final class HostProbe {

  private static final long TIMEOUT_SECONDS = 10;

  private static final String UNIX = "unix://";

  private final String nvidiaSmi;
  private final String dockerHost;
  private final boolean dockerHostConfigured;
  private final BooleanSupplier testcontainersDocker;
  private final String kubectl;
  private final Map<String, String> environment;
  private final ExecutableLookup executables;
  private final String osName;

  private Probe<List<Gpu>> gpus;
  private Probe<Boolean> docker;
  private Probe<Boolean> kubernetes;
  private Probe<Boolean> network;

  HostProbe(
      String nvidiaSmi,
      String dockerHost,
      boolean dockerHostConfigured,
      BooleanSupplier testcontainersDocker,
      String kubectl,
      Map<String, String> environment,
      String osName) {
    this.nvidiaSmi = nvidiaSmi;
    this.dockerHost = dockerHost;
    this.dockerHostConfigured = dockerHostConfigured;
    this.testcontainersDocker = testcontainersDocker;
    this.kubectl = kubectl;
    this.environment = Map.copyOf(environment);
    this.executables = ExecutableLookup.onPath(environment.get("PATH"));
    this.osName = osName;
  }

  /** A probe of this host, with the probe targets of {@code configuration}. */
  public static HostProbe of(DynamoConfiguration configuration) {
    return of(configuration, System.getenv(), TestcontainersDocker::available);
  }

  /**
   * A probe of a host whose environment variables ({@code PATH}, {@code DOCKER_HOST}) are {@code
   * environment} and whose Testcontainers finds Docker when {@code testcontainersDocker} says so:
   * how tests give the probe a {@code PATH} or a Docker of their own.
   */
  public static HostProbe of(
      DynamoConfiguration configuration,
      Map<String, String> environment,
      BooleanSupplier testcontainersDocker) {
    String defaultDockerHost =
        Optional.ofNullable(environment.get("DOCKER_HOST"))
            .filter(host -> host.startsWith("unix://") || host.startsWith("tcp://"))
            .orElse("unix:///var/run/docker.sock");
    Optional<String> dockerHost = configuration.get(Constants.DOCKER_HOST);
    return new HostProbe(
        configuration.get(Constants.NVIDIA_SMI).orElse("nvidia-smi"),
        dockerHost.orElse(defaultDockerHost),
        dockerHost.isPresent(),
        testcontainersDocker,
        configuration.get(Constants.KUBECTL).orElse("kubectl"),
        environment,
        System.getProperty("os.name", "unknown"));
  }

  /** The one lookup of executables on this host's {@code PATH}. */
  public ExecutableLookup executables() {
    return executables;
  }

  /** The GPUs {@code nvidia-smi} lists; none when it is missing or fails, with the reason. */
  synchronized Probe<List<Gpu>> gpus() {
    if (gpus == null) {
      gpus = probeGpus();
    }
    return gpus;
  }

  /**
   * The GPUs {@code nvidia-smi} lists, probed at most once: none when it is missing or fails (the
   * requirement check reports why).
   */
  public List<Gpu> listGpus() {
    return gpus().value();
  }

  /**
   * Whether a Docker engine can be used, probed at most once: a fast ping of its socket, and when
   * that gets no answer, Testcontainers' own detection, unless {@link Constants#DOCKER_HOST} names
   * the engine. The answer's words say what was tried.
   */
  synchronized Probe<Boolean> docker() {
    if (docker == null) {
      docker = probeDocker();
    }
    return docker;
  }

  synchronized Probe<Boolean> kubernetes() {
    if (kubernetes == null) {
      kubernetes = probeKubernetes();
    }
    return kubernetes;
  }

  synchronized Probe<Boolean> network() {
    if (network == null) {
      network = probeNetwork();
    }
    return network;
  }

  String osName() {
    return osName;
  }

  Optional<Path> command(String command) {
    return executables.find(command);
  }

  Optional<String> environmentVariable(String name) {
    return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
  }

  private Probe<List<Gpu>> probeGpus() {
    if (executables.find(nvidiaSmi).isEmpty()) {
      return Probe.gpus(List.of(), nvidiaSmi + " not found" + onPath(nvidiaSmi));
    }
    ProcessRunner.Result result;
    try {
      result =
          ProcessRunner.run(
              List.of(
                  nvidiaSmi,
                  "--query-gpu=index,name,memory.total",
                  "--format=csv,noheader,nounits"),
              TIMEOUT_SECONDS);
    } catch (IOException e) {
      return Probe.gpus(List.of(), nvidiaSmi + " could not run: " + e.getMessage());
    }
    if (result.exitCode() != 0) {
      return Probe.gpus(
          List.of(),
          nvidiaSmi
              + (result.exitCode() < 0 ? " timed out" : " exited with " + result.exitCode())
              + suffix(ProcessRunner.firstLine(result.stderr() + "\n" + result.stdout())));
    }
    List<Gpu> found = new ArrayList<>();
    for (String line : result.stdout().split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",");
      try {
        found.add(
            new Gpu(
                Integer.parseInt(fields[0].trim()),
                fields[1].trim(),
                MemorySize.ofMebibytes(Long.parseLong(fields[2].trim()))));
      } catch (RuntimeException e) {
        return Probe.gpus(
            List.of(), nvidiaSmi + " printed a line that is not index, name, memory: " + line);
      }
    }
    return Probe.gpus(Collections.unmodifiableList(found), describe(found));
  }

  private static String describe(List<Gpu> gpus) {
    if (gpus.isEmpty()) {
      return "no GPU";
    }
    return gpus.size()
        + (gpus.size() == 1 ? " GPU (" : " GPUs (")
        + String.join("; ", gpus.stream().map(Gpu::toString).toList())
        + ")";
  }

  private Probe<Boolean> probeDocker() {
    Probe<Boolean> ping = pingDocker();
    if (ping.value()) {
      return ping;
    }
    if (dockerHostConfigured) {
      return Probe.present(
          false,
          ping.found()
              + "; Testcontainers' detection was not tried, as "
              + Constants.DOCKER_HOST
              + " names the engine");
    }
    if (testcontainersDocker.getAsBoolean()) {
      return Probe.present(
          true, "a Docker engine that Testcontainers' detection found (" + ping.found() + ")");
    }
    return Probe.present(
        false,
        ping.found()
            + ", and Testcontainers' detection (DOCKER_HOST, Docker Desktop, rootless Docker,"
            + " Docker contexts) found none either");
  }

  private Probe<Boolean> pingDocker() {
    ExecutorService executor = Executors.newSingleThreadExecutor(daemon("dynamo-docker-probe"));
    try {
      Future<String> answer = executor.submit(() -> ping(dockerHost));
      String body = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return body.equals("OK")
          ? Probe.present(true, "a Docker engine at " + dockerHost)
          : Probe.present(
              false, "no Docker engine at " + dockerHost + " (its /_ping answered " + body + ")");
    } catch (TimeoutException e) {
      return Probe.present(false, "no Docker engine answered at " + dockerHost + " (timed out)");
    } catch (ExecutionException e) {
      return Probe.present(
          false,
          "no Docker engine answered at " + dockerHost + " (" + e.getCause().getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Probe.present(false, "the Docker probe was interrupted");
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Asks the engine at {@code address} for {@code /_ping}. A {@code unix://} address is taken as
   * the socket's path as written, not parsed as a URI: a path with spaces (a home directory on
   * macOS or Windows) is no valid URI, and Docker accepts it.
   */
  private static String ping(String address) throws IOException {
    byte[] request =
        "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    String response;
    if (address.startsWith(UNIX)) {
      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        channel.connect(UnixDomainSocketAddress.of(address.substring(UNIX.length())));
        channel.write(ByteBuffer.wrap(request));
        response = readAll(Channels.newInputStream(channel));
      }
    } else if (address.startsWith("tcp://")) {
      URI uri;
      try {
        uri = URI.create(address);
      } catch (IllegalArgumentException e) {
        throw new IOException("not a valid address: " + e.getMessage(), e);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        response = readAll(socket.getInputStream());
      }
    } else {
      throw new IOException("unsupported address " + address + ": use unix:// or tcp://");
    }
    int bodyStart = response.indexOf("\r\n\r\n");
    String status = ProcessRunner.firstLine(response);
    if (!status.matches("HTTP/1\\.[01] 200.*")) {
      return status;
    }
    return bodyStart < 0 ? "" : response.substring(bodyStart + 4).strip();
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
  }

  private Probe<Boolean> probeKubernetes() {
    if (executables.find(kubectl).isEmpty()) {
      return Probe.present(false, kubectl + " not found" + onPath(kubectl));
    }
    try {
      ProcessRunner.Result result =
          ProcessRunner.run(
              List.of(kubectl, "get", "--raw", "/readyz", "--request-timeout=5s"), TIMEOUT_SECONDS);
      if (result.exitCode() == 0) {
        return Probe.present(true, "a cluster that answers /readyz through " + kubectl);
      }
      return Probe.present(
          false,
          "no reachable cluster: "
              + kubectl
              + " get --raw /readyz "
              + (result.exitCode() < 0 ? "timed out" : "exited with " + result.exitCode())
              + suffix(ProcessRunner.firstLine(result.stderr())));
    } catch (IOException e) {
      return Probe.present(false, kubectl + " could not run: " + e.getMessage());
    }
  }

  private static Probe<Boolean> probeNetwork() {
    try {
      List<String> up = new ArrayList<>();
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp() && !nic.isLoopback() && nic.getInetAddresses().hasMoreElements()) {
          up.add(nic.getName());
        }
      }
      return up.isEmpty()
          ? Probe.present(false, "only loopback interfaces are up")
          : Probe.present(true, "interfaces " + String.join(", ", up));
    } catch (SocketException e) {
      return Probe.present(false, "network interfaces could not be listed: " + e.getMessage());
    }
  }

  private static String onPath(String command) {
    return command.contains("/") ? "" : " on PATH";
  }

  private static String suffix(String detail) {
    return detail.isBlank() ? "" : ": " + detail;
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}

package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service named by an environment variable ({@code NATS_SERVER=nats://host:4222}): nothing is
 * started, and nothing can be controlled.
 */
final class ExternalService implements ServiceHandle {

  private final String name;
  private final String variable;
  private final String url;
  private final String host;
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  ExternalService(String name, String variable, String value, List<String> portNames) {
    this.name = name;
    this.variable = variable;
    this.url = value.split(",")[0].trim();
    URI uri = URI.create(url.contains("://") ? url : "tcp://" + url);
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new ServiceStartException(
          "The environment variable "
              + variable
              + "="
              + value
              + " must name an endpoint with a host and a port, such as nats://127.0.0.1:4222.");
    }
    this.host = uri.getHost();
    // Only the first (client) port is known; the others are the same endpoint's.
    for (String port : portNames) {
      ports.put(port, uri.getPort());
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ServiceMode mode() {
    return ServiceMode.EXTERNAL;
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
  public int port(String port) {
    Integer value = ports.get(port);
    if (value == null) {
      throw new IllegalArgumentException(
          "Service '" + name + "' has no port '" + port + "'; its ports: " + ports.keySet() + ".");
    }
    return value;
  }

  @Override
  public Map<String, Integer> ports() {
    return Collections.unmodifiableMap(ports);
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public Path logFile() {
    return Path.of("/dev/null");
  }

  @Override
  public boolean isRunning() {
    return true;
  }

  private UnsupportedOperationException uncontrollable(String operation) {
    return new UnsupportedOperationException(
        "Service '"
            + name
            + "' is the external endpoint "
            + url
            + " named by "
            + variable
            + "; "
            + operation
            + "() needs a service the library started: unset "
            + variable
            + " to let it start one.");
  }

  @Override
  public void stop() {
    throw uncontrollable("stop");
  }

  @Override
  public void kill() {
    throw uncontrollable("kill");
  }

  @Override
  public void restart() {
    throw uncontrollable("restart");
  }

  @Override
  public void pause() {
    throw uncontrollable("pause");
  }

  @Override
  public void resume() {
    throw uncontrollable("resume");
  }

  @Override
  public String toString() {
    return name + " (external " + url + " from " + variable + ")";
  }
}

package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.ServiceHandle;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until a started service is ready, bounded by its start timeout, and stops waiting at once
 * when the service dies.
 */
final class ReadinessWaiter {

  private ReadinessWaiter() {}

  /**
   * Returns when ready.
   *
   * @throws ServiceStartException when the service died or the timeout passed, with the exit code
   *     or what was awaited, and the tail of the log
   */
  static void await(
      ServiceHandle service,
      Instance instance,
      Readiness readiness,
      Duration timeout,
      ServiceLog log,
      long logOffset) {
    AtomicBoolean died = new AtomicBoolean();
    try {
      Awaitility.await("service '" + service.name() + "' to be ready: " + readiness)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!instance.isAlive()) {
                  died.set(true);
                  return true;
                }
                return check(service, readiness, log, logOffset);
              });
    } catch (ConditionTimeoutException e) {
      throw new ServiceStartException(
          "Service '"
              + service.name()
              + "' ("
              + instance.describe()
              + ") was not ready within "
              + timeout.toMillis()
              + " ms: awaited "
              + readiness
              + " at "
              + service.host()
              + " ports "
              + service.ports()
              + ". "
              + log.describeTail());
    }
    if (died.get()) {
      throw new ServiceStartException(
          "Service '"
              + service.name()
              + "' ("
              + instance.describe()
              + ") died during start-up"
              + instance.exitCode().stream()
                  .mapToObj(code -> " with exit code " + code)
                  .findFirst()
                  .orElse("")
              + ", before "
              + readiness
              + ". "
              + log.describeTail());
    }
  }

  static boolean check(ServiceHandle service, Readiness readiness, ServiceLog log, long offset) {
    return switch (readiness.kind()) {
      case TCP_PORT ->
          tcp(
              service.host(),
              service.port(readiness.port().orElseThrow()),
              service instanceof RunningService running && running.publishesPorts());
      case HTTP -> http(service, readiness);
      case LOG_LINE ->
          log.since(offset)
              .lines()
              .anyMatch(line -> readiness.logLine().orElseThrow().matcher(line).find());
      case CUSTOM -> {
        try {
          yield readiness.check().orElseThrow().isReady(service);
        } catch (Exception e) {
          yield false;
        }
      }
    };
  }

  /**
   * Whether {@code port} accepts connections. A published port is Docker's proxy, which accepts
   * before anything listens behind it and then closes the connection at once: there the port only
   * counts as open when the connection stays open or the service speaks first.
   */
  private static boolean tcp(String host, int port, boolean published) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 250);
      if (!published) {
        return true;
      }
      socket.setSoTimeout(200);
      try {
        return socket.getInputStream().read() != -1;
      } catch (SocketTimeoutException silentButOpen) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean http(ServiceHandle service, Readiness readiness) {
    String path = readiness.path().orElse("/");
    URI uri =
        URI.create(
            "http://"
                + service.host()
                + ":"
                + service.port(readiness.port().orElseThrow())
                + (path.startsWith("/") ? path : "/" + path));
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(1000);
      int status = connection.getResponseCode();
      if (status < 200 || status > 299) {
        return false;
      }
      if (readiness.bodyContains().isEmpty()) {
        return true;
      }
      try (InputStream in = connection.getInputStream()) {
        String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        return body.contains(readiness.bodyContains().get());
      }
    } catch (IOException e) {
      return false;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }
}

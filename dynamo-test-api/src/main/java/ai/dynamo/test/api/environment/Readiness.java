package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * When a started service counts as ready: one of a closed set of typed checks, each a record that
 * carries its own check. Polled until true or until the service's start timeout; if the service
 * dies meanwhile, start-up fails at once. Two checks of the same kind with equal fields are equal,
 * so definitions that wait the same way are equal too (a {@link Custom} check is equal only to
 * itself).
 *
 * <pre>{@code
 * Readiness.tcpPort("client")                          // the port accepts connections
 * Readiness.http("client", "/health")                  // GET answers 2xx
 * Readiness.http("client", "/health", "\"health\":\"true\"") // ... and the body contains this
 * Readiness.logLine("Server is ready")                 // a line of the log matches this regex
 * Readiness.custom(service -> ping(service.url()))     // anything else
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public sealed interface Readiness {

  /** Ready when the named port accepts a TCP connection. */
  static TcpPort tcpPort(String port) {
    return new TcpPort(port);
  }

  /** Ready when {@code GET http://host:port/path} answers 2xx. */
  static Http http(String port, String path) {
    return new Http(port, path, Optional.empty());
  }

  /** Ready when {@code GET http://host:port/path} answers 2xx with a body containing the text. */
  static Http http(String port, String path, String bodyContains) {
    return new Http(port, path, Optional.of(bodyContains));
  }

  /** Ready when a line of the service's log matches {@code regex} (found anywhere in the line). */
  static LogLine logLine(String regex) {
    return new LogLine(regex);
  }

  /** Ready when {@code check} returns true. */
  static Custom custom(ReadinessCheck check) {
    return new Custom(check);
  }

  /**
   * Whether the service {@code target} describes is ready now. Not ready is {@code false}, never an
   * exception.
   */
  boolean isReady(Target target);

  /** What a check sees of the service being started; the engine supplies it. */
  @API(status = INTERNAL, since = "0.1")
  interface Target {

    /** The service's handle: its host and ports. */
    ServiceHandle service();

    /** What the service has logged since this start. */
    String logSinceStart();

    /**
     * Whether the service's ports are published by a container engine, whose proxy accepts
     * connections before anything listens behind it.
     */
    boolean publishesPorts();
  }

  /**
   * Ready when the port named {@code port} accepts a TCP connection. A published port only counts
   * as open when the connection stays open or the service speaks first: Docker's proxy accepts and
   * then closes at once while nothing listens behind it.
   */
  @API(status = EXPERIMENTAL, since = "0.1")
  record TcpPort(String port) implements Readiness {

    public TcpPort {
      Objects.requireNonNull(port, "port");
    }

    @Override
    public boolean isReady(Target target) {
      ServiceHandle service = target.service();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(service.host(), service.port(port)), 250);
        if (!target.publishesPorts()) {
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

    @Override
    public String toString() {
      return "TCP port '" + port + "' accepting connections";
    }
  }

  /**
   * Ready when {@code GET http://host:port/path} answers 2xx, with a body containing {@code
   * bodyContains} when that is present.
   */
  @API(status = EXPERIMENTAL, since = "0.1")
  record Http(String port, String path, Optional<String> bodyContains) implements Readiness {

    public Http {
      Objects.requireNonNull(port, "port");
      path = path == null || path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
      Objects.requireNonNull(bodyContains, "bodyContains");
    }

    @Override
    public boolean isReady(Target target) {
      ServiceHandle service = target.service();
      URI uri = URI.create("http://" + service.host() + ":" + service.port(port) + path);
      HttpURLConnection connection = null;
      try {
        connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(1000);
        int status = connection.getResponseCode();
        if (status < 200 || status > 299) {
          return false;
        }
        if (bodyContains.isEmpty()) {
          return true;
        }
        try (InputStream in = connection.getInputStream()) {
          String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
          return body.contains(bodyContains.get());
        }
      } catch (IOException e) {
        return false;
      } finally {
        if (connection != null) {
          connection.disconnect();
        }
      }
    }

    @Override
    public String toString() {
      return "GET "
          + path
          + " on port '"
          + port
          + "' answering 2xx"
          + bodyContains.map(text -> " with a body containing " + text).orElse("");
    }
  }

  /**
   * Ready when a line the service logged since this start matches the regular expression {@code
   * regex} (found anywhere in the line).
   */
  @API(status = EXPERIMENTAL, since = "0.1")
  record LogLine(String regex) implements Readiness {

    public LogLine {
      Pattern.compile(Objects.requireNonNull(regex, "regex"));
    }

    /** {@link #regex()}, compiled. */
    public Pattern pattern() {
      return Pattern.compile(regex);
    }

    @Override
    public boolean isReady(Target target) {
      Pattern pattern = pattern();
      return target.logSinceStart().lines().anyMatch(line -> pattern.matcher(line).find());
    }

    @Override
    public String toString() {
      return "a log line matching /" + regex + "/";
    }
  }

  /** Ready when {@code check} returns true; an exception it throws means "not ready yet". */
  @API(status = EXPERIMENTAL, since = "0.1")
  record Custom(ReadinessCheck check) implements Readiness {

    public Custom {
      Objects.requireNonNull(check, "check");
    }

    @Override
    public boolean isReady(Target target) {
      try {
        return check.isReady(target.service());
      } catch (Exception e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "a custom check (" + check.getClass().getName() + ")";
    }
  }
}

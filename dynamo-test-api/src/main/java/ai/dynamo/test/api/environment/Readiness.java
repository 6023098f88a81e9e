package ai.dynamo.test.api.environment;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When a started service counts as ready. Polled until true or until the service's start timeout;
 * if the service dies meanwhile, start-up fails at once.
 *
 * <pre>{@code
 * Readiness.tcpPort("client")                          // the port accepts connections
 * Readiness.http("client", "/health")                  // GET answers 2xx
 * Readiness.http("client", "/health", "\"health\":\"true\"") // ... and the body contains this
 * Readiness.logLine("Server is ready")                 // a line of the log matches this regex
 * Readiness.custom(service -> ping(service.url()))     // anything else
 * }</pre>
 */
public final class Readiness {

  /** The kinds of check. */
  public enum Kind {
    TCP_PORT,
    HTTP,
    LOG_LINE,
    CUSTOM
  }

  private final Kind kind;
  private final String port;
  private final String path;
  private final String bodyContains;
  private final Pattern logLine;
  private final ReadinessCheck check;

  private Readiness(
      Kind kind,
      String port,
      String path,
      String bodyContains,
      Pattern logLine,
      ReadinessCheck check) {
    this.kind = kind;
    this.port = port;
    this.path = path;
    this.bodyContains = bodyContains;
    this.logLine = logLine;
    this.check = check;
  }

  /** Ready when the named port accepts a TCP connection. */
  public static Readiness tcpPort(String port) {
    return new Readiness(Kind.TCP_PORT, Objects.requireNonNull(port), null, null, null, null);
  }

  /** Ready when {@code GET http://host:port/path} answers 2xx. */
  public static Readiness http(String port, String path) {
    return new Readiness(Kind.HTTP, Objects.requireNonNull(port), path, null, null, null);
  }

  /** Ready when {@code GET http://host:port/path} answers 2xx with a body containing the text. */
  public static Readiness http(String port, String path, String bodyContains) {
    return new Readiness(
        Kind.HTTP,
        Objects.requireNonNull(port),
        path,
        Objects.requireNonNull(bodyContains),
        null,
        null);
  }

  /** Ready when a line of the service's log matches {@code regex} (found anywhere in the line). */
  public static Readiness logLine(String regex) {
    return new Readiness(Kind.LOG_LINE, null, null, null, Pattern.compile(regex), null);
  }

  /** Ready when {@code check} returns true. */
  public static Readiness custom(ReadinessCheck check) {
    return new Readiness(Kind.CUSTOM, null, null, null, null, Objects.requireNonNull(check));
  }

  public Kind kind() {
    return kind;
  }

  /** The port name of {@link Kind#TCP_PORT} and {@link Kind#HTTP}. */
  public Optional<String> port() {
    return Optional.ofNullable(port);
  }

  /** The path of {@link Kind#HTTP}. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** The expected body text of {@link Kind#HTTP}, if any. */
  public Optional<String> bodyContains() {
    return Optional.ofNullable(bodyContains);
  }

  /** The pattern of {@link Kind#LOG_LINE}. */
  public Optional<Pattern> logLine() {
    return Optional.ofNullable(logLine);
  }

  /** The check of {@link Kind#CUSTOM}. */
  public Optional<ReadinessCheck> check() {
    return Optional.ofNullable(check);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case TCP_PORT -> "TCP port '" + port + "' accepting connections";
      case HTTP ->
          "GET "
              + path
              + " on port '"
              + port
              + "' answering 2xx"
              + (bodyContains == null ? "" : " with a body containing " + bodyContains);
      case LOG_LINE -> "a log line matching /" + logLine.pattern() + "/";
      case CUSTOM -> "a custom check (" + check.getClass().getName() + ")";
    };
  }
}

package ai.dynamo.test.examples.serving;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal NATS client over NATS's text protocol ({@code CONNECT}, {@code PUB}, {@code SUB},
 * {@code MSG}, {@code PING}/{@code PONG}): enough to publish events and to receive them in tests.
 * No reconnection, no TLS, no authentication. Thread-safe.
 *
 * <pre>{@code
 * try (NatsConnection nats = NatsConnection.connect(URI.create("nats://127.0.0.1:4222"))) {
 *   BlockingQueue<NatsConnection.Message> inbox = nats.subscribe("dynamo.completions");
 *   nats.publish("dynamo.completions", "{...}".getBytes(UTF_8));
 *   inbox.poll(5, SECONDS).text(); // "{...}"
 * }
 * }</pre>
 */
public final class NatsConnection implements AutoCloseable {

  /**
   * A message received on a subscription.
   *
   * @param subject the subject it was published on
   * @param payload its bytes
   */
  public record Message(String subject, byte[] payload) {

    /** The payload as UTF-8 text. */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final Map<String, BlockingQueue<Message>> subscriptions = new ConcurrentHashMap<>();
  private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
  private final AtomicInteger nextSid = new AtomicInteger();
  private final Thread reader;
  private volatile String error;

  private NatsConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedInputStream(socket.getInputStream());
    this.reader = new Thread(this::readLoop, "nats-reader-" + socket.getPort());
    this.reader.setDaemon(true);
  }

  /**
   * Connects to the server at {@code url} ({@code nats://host:port}) and waits until it has
   * accepted the connection.
   *
   * @throws UncheckedIOException when the server cannot be reached or does not answer as NATS
   */
  public static NatsConnection connect(URI url) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), CONNECT_TIMEOUT_MILLIS);
      NatsConnection connection = new NatsConnection(socket);
      String info = connection.readLine();
      if (info == null || !info.startsWith("INFO ")) {
        throw new IOException("expected the server's INFO line, got: " + info);
      }
      connection.write("CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"dynamo\"}\r\n");
      connection.reader.start();
      connection.flush(Duration.ofSeconds(5));
      return connection;
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("Could not connect to NATS at " + url, e);
    }
  }

  /** Publishes {@code payload} on {@code subject}. */
  public void publish(String subject, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 64);
    frame.writeBytes(
        ("PUB " + subject + " " + payload.length + "\r\n").getBytes(StandardCharsets.UTF_8));
    frame.writeBytes(payload);
    frame.writeBytes(new byte[] {'\r', '\n'});
    write(frame.toByteArray());
  }

  /**
   * Subscribes to {@code subject} (wildcards {@code *} and {@code >} allowed) and returns the queue
   * its messages arrive in. The server has registered the subscription when this returns.
   */
  public BlockingQueue<Message> subscribe(String subject) {
    String sid = Integer.toString(nextSid.incrementAndGet());
    BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    subscriptions.put(sid, inbox);
    write("SUB " + subject + " " + sid + "\r\n");
    flush(Duration.ofSeconds(5));
    return inbox;
  }

  /**
   * Waits until the server has processed everything sent so far (a {@code PING}/{@code PONG} round
   * trip).
   *
   * @throws IllegalStateException when no answer comes within {@code timeout}, or the server
   *     reported an error
   */
  public void flush(Duration timeout) {
    write("PING\r\n");
    try {
      if (pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) == null) {
        throw new IllegalStateException(
            "NATS did not answer PING within " + timeout + (error == null ? "" : ": " + error));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for NATS", e);
    }
    if (error != null) {
      throw new IllegalStateException("NATS reported " + error);
    }
  }

  /** Whether the connection is still open: false once the server has gone. */
  public boolean isOpen() {
    return reader.isAlive() && !socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void readLoop() {
    try {
      String line;
      while ((line = readLine()) != null) {
        if (line.startsWith("MSG ")) {
          // MSG <subject> <sid> [reply-to] <#bytes>
          String[] parts = line.split(" ");
          byte[] payload = in.readNBytes(Integer.parseInt(parts[parts.length - 1]));
          in.readNBytes(2);
          BlockingQueue<Message> inbox = subscriptions.get(parts[2]);
          if (inbox != null) {
            inbox.add(new Message(parts[1], payload));
          }
        } else if (line.equals("PING")) {
          write("PONG\r\n");
        } else if (line.equals("PONG")) {
          pongs.add(line);
        } else if (line.startsWith("-ERR")) {
          error = line;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // the connection is gone: isOpen() says so
    } finally {
      close();
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return null;
  }

  private void write(String text) {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  private synchronized void write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write to NATS", e);
    }
  }
}

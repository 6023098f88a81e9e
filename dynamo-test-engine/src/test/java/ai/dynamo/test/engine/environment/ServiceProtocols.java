package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.ServiceHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Raw-protocol clients, so the tests need no NATS or etcd client library. */
final class ServiceProtocols {

  private ServiceProtocols() {}

  /**
   * Connects to NATS, reads its {@code INFO} greeting, sends {@code PING} and returns the lines it
   * read, ending with {@code PONG}.
   */
  static List<String> natsPing(ServiceHandle nats, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(nats.host(), nats.port("client")), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      lines.add(in.readLine());
      OutputStream out = socket.getOutputStream();
      out.write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
        if (line.equals("PONG")) {
          break;
        }
      }
      return lines;
    }
  }

  /** The body of {@code GET /health} on etcd's client port. */
  static String etcdHealth(ServiceHandle etcd) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(etcd.url() + "/health").toURL().openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(10_000);
    try {
      return connection.getResponseCode()
          + " "
          + new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }

  /** Whether something accepts TCP connections on the port. */
  static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The process (a child of this JVM) whose command line contains {@code fragment}. */
  static Optional<ProcessHandle> childWith(String fragment) {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().map(line -> line.contains(fragment)).orElse(false))
        .findFirst();
  }

  /**
   * The service process (a child of this JVM) whose command line contains {@code fragment}, and its
   * descendants.
   */
  static List<ProcessHandle> processesOf(String fragment) {
    ProcessHandle service = childWith(fragment).orElseThrow();
    List<ProcessHandle> processes = new ArrayList<>(List.of(service));
    service.descendants().forEach(processes::add);
    return processes;
  }

  /** The process group of process {@code pid}, from {@code /proc} (Linux). */
  static long processGroupOf(long pid) throws IOException {
    String stat =
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
  }
}

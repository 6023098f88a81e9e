package ai.dynamo.test.examples.serving;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Serves a {@link Worker} to {@link RemoteWorker}s over TCP on the loopback interface, one request
 * per connection, in a line protocol:
 *
 * <pre>
 * GENERATE 16 4,8,15,16,23,42        request: max tokens, prompt token ids
 * OK length 4 42,23,16,15,8,4        answer: finish reason, cached prompt tokens, generated ids
 * ERR maxTokens must be 1 or more    a request the worker rejected
 * </pre>
 *
 * <pre>{@code
 * try (WorkerServer server = WorkerServer.start(new ReverseModelWorker("w1", 4, 1024))) {
 *   Worker remote = new RemoteWorker("w1", server.address());
 * }
 * }</pre>
 */
public final class WorkerServer implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final Worker worker;
  private final ServerSocket socket;
  private final ExecutorService connections = Executors.newFixedThreadPool(4);
  private final Thread acceptor;

  private WorkerServer(Worker worker, ServerSocket socket) {
    this.worker = worker;
    this.socket = socket;
    this.acceptor = new Thread(this::acceptLoop, "worker-server-" + worker.id());
    this.acceptor.setDaemon(true);
  }

  /** Listens on a free loopback port and serves {@code worker} until closed. */
  public static WorkerServer start(Worker worker) {
    try {
      ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      WorkerServer server = new WorkerServer(worker, socket);
      server.acceptor.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not listen on a loopback port", e);
    }
  }

  /** Where {@link RemoteWorker}s connect. */
  public InetSocketAddress address() {
    return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
  }

  /** Stops accepting connections; requests being served are cut off. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    connections.shutdownNow();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connections.execute(() -> serve(connection));
      } catch (SocketException e) {
        return; // closed
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  private void serve(Socket connection) {
    try (connection;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.UTF_8)) {
      connection.setSoTimeout(READ_TIMEOUT_MILLIS);
      String request = in.readLine();
      out.write(answer(request) + "\n");
      out.flush();
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  private String answer(String request) {
    String[] parts = request == null ? new String[0] : request.split(" ");
    if (parts.length != 3 || !parts[0].equals("GENERATE")) {
      return "ERR expected 'GENERATE <max tokens> <token ids>', got: " + request;
    }
    try {
      Generation generation = worker.generate(decode(parts[2]), Integer.parseInt(parts[1]));
      return "OK "
          + generation.finishReason()
          + " "
          + generation.cachedPromptTokens()
          + " "
          + encode(generation.tokens());
    } catch (RuntimeException e) {
      return "ERR " + e.getMessage();
    }
  }

  static String encode(int[] tokens) {
    return tokens.length == 0
        ? "-"
        : Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  static int[] decode(String tokens) {
    return tokens.equals("-")
        ? new int[0]
        : Arrays.stream(tokens.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}

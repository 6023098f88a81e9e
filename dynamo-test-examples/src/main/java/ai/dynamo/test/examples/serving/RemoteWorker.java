package ai.dynamo.test.examples.serving;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A worker in another process, reached over TCP through its {@link WorkerServer}.
 *
 * <pre>{@code
 * registry.register(new RemoteWorker("w1", new InetSocketAddress("127.0.0.1", 7001)));
 * }</pre>
 */
public final class RemoteWorker implements Worker {

  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final String id;
  private final InetSocketAddress address;

  public RemoteWorker(String id, InetSocketAddress address) {
    this.id = id;
    this.address = address;
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the worker rejects the request, with its reason
   */
  @Override
  public Generation generate(int[] prompt, int maxTokens) {
    String answer;
    try (Socket socket = new Socket()) {
      socket.connect(address, CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
      out.write("GENERATE " + maxTokens + " " + WorkerServer.encode(prompt) + "\n");
      out.flush();
      answer =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
    } catch (IOException e) {
      throw new WorkerUnavailableException(
          "Worker '" + id + "' at " + address + " is unreachable: " + e.getMessage(), e);
    }
    if (answer == null) {
      throw new WorkerUnavailableException(
          "Worker '" + id + "' at " + address + " closed the connection without an answer", null);
    }
    if (answer.startsWith("ERR ")) {
      throw new IllegalArgumentException(answer.substring(4));
    }
    String[] parts = answer.split(" ");
    return new Generation(WorkerServer.decode(parts[3]), Integer.parseInt(parts[2]), parts[1]);
  }

  @Override
  public String toString() {
    return "RemoteWorker[" + id + " at " + address + "]";
  }
}

package ai.dynamo.test.examples;

import ai.dynamo.test.examples.serving.Frontend;
import ai.dynamo.test.examples.serving.KvRouter;
import ai.dynamo.test.examples.serving.RemoteWorker;
import ai.dynamo.test.examples.serving.ReverseModelWorker;
import ai.dynamo.test.examples.serving.Tokenizer;
import ai.dynamo.test.examples.serving.WorkerRegistry;
import ai.dynamo.test.examples.serving.WorkerServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole serving system for end-to-end tests: an HTTP frontend on a free loopback port, a KV
 * router, and workers either in-process or behind their own loopback TCP server. Closing it stops
 * everything it started.
 *
 * <pre>{@code
 * try (ServingStack stack = ServingStack.start().withLocalWorker("a").withRemoteWorker("b")) {
 *   CompletionsClient client = new CompletionsClient(stack.uri());
 * }
 * }</pre>
 */
public final class ServingStack implements AutoCloseable {

  /** Tokens per KV-cache block, for workers and router alike. */
  public static final int BLOCK_SIZE = 4;

  private static final int CACHE_BLOCKS = 1024;

  private final WorkerRegistry registry = new WorkerRegistry();
  private final Frontend frontend;
  private final Map<String, WorkerServer> servers = new LinkedHashMap<>();
  private final List<ReverseModelWorker> workers = new ArrayList<>();

  private ServingStack() {
    frontend = Frontend.start(new Tokenizer(), new KvRouter(registry, BLOCK_SIZE, CACHE_BLOCKS), 0);
  }

  /** A frontend with no worker yet. */
  public static ServingStack start() {
    return new ServingStack();
  }

  /** Adds a worker that runs in this JVM. */
  public ServingStack withLocalWorker(String id) {
    ReverseModelWorker worker = new ReverseModelWorker(id, BLOCK_SIZE, CACHE_BLOCKS);
    workers.add(worker);
    registry.register(worker);
    return this;
  }

  /** Adds a worker behind its own TCP server on a free loopback port. */
  public ServingStack withRemoteWorker(String id) {
    ReverseModelWorker worker = new ReverseModelWorker(id, BLOCK_SIZE, CACHE_BLOCKS);
    workers.add(worker);
    WorkerServer server = WorkerServer.start(worker);
    servers.put(id, server);
    registry.register(new RemoteWorker(id, server.address()));
    return this;
  }

  /** The frontend's base address. */
  public URI uri() {
    return frontend.uri();
  }

  /** The registry the router chooses from; tests remove workers from it. */
  public WorkerRegistry registry() {
    return registry;
  }

  /** Every worker started, local or remote, to look at what each one served. */
  public List<ReverseModelWorker> workers() {
    return List.copyOf(workers);
  }

  /** Stops the TCP server of remote worker {@code id}, as if its process died. */
  public void killRemoteWorker(String id) {
    servers.remove(id).close();
  }

  @Override
  public void close() {
    frontend.close();
    servers.values().forEach(WorkerServer::close);
  }
}

package ai.dynamo.test.examples;

import ai.dynamo.test.examples.serving.EtcdWorkerDirectory;
import ai.dynamo.test.examples.serving.Frontend;
import ai.dynamo.test.examples.serving.KvRouter;
import ai.dynamo.test.examples.serving.RemoteWorker;
import ai.dynamo.test.examples.serving.ReverseModelWorker;
import ai.dynamo.test.examples.serving.Tokenizer;
import ai.dynamo.test.examples.serving.WorkerRegistry;
import ai.dynamo.test.examples.serving.WorkerServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 *
 * <p>With etcd, workers announce themselves and the router discovers them, as in production:
 *
 * <pre>{@code
 * ServingStack.start(CompletionEvents.publishingTo(nats))
 *     .discoveringWorkersIn(URI.create(etcd.url()))
 *     .withAnnouncedWorker("w1");
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
  private final List<EtcdWorkerDirectory> directories = new ArrayList<>();
  private final Map<String, EtcdWorkerDirectory> announcers = new LinkedHashMap<>();
  private URI etcd;

  /** How often announced workers renew their key and the router reads the directory. */
  public static final Duration DISCOVERY_INTERVAL = Duration.ofMillis(200);

  private ServingStack(Consumer<Frontend.Completed> events) {
    frontend =
        Frontend.start(
            new Tokenizer(), new KvRouter(registry, BLOCK_SIZE, CACHE_BLOCKS), 0, events);
  }

  /** A frontend with no worker yet. */
  public static ServingStack start() {
    return new ServingStack(completed -> {});
  }

  /** A frontend with no worker yet that tells {@code events} of each completion. */
  public static ServingStack start(Consumer<Frontend.Completed> events) {
    return new ServingStack(events);
  }

  /**
   * Has the router take its workers from the etcd at {@code endpoint}, synced in the background.
   */
  public ServingStack discoveringWorkersIn(URI endpoint) {
    etcd = endpoint;
    directory().keepSynced(registry, DISCOVERY_INTERVAL);
    return this;
  }

  /**
   * Adds a worker behind its own TCP server that announces itself in etcd (with a directory client
   * of its own, as a separate process would) instead of being registered with the router.
   */
  public ServingStack withAnnouncedWorker(String id) {
    if (etcd == null) {
      throw new IllegalStateException("Call discoveringWorkersIn(etcd) before announcing workers");
    }
    ReverseModelWorker worker = new ReverseModelWorker(id, BLOCK_SIZE, CACHE_BLOCKS);
    workers.add(worker);
    WorkerServer server = WorkerServer.start(worker);
    servers.put(id, server);
    EtcdWorkerDirectory announcer = directory();
    announcers.put(id, announcer);
    announcer.keepAnnounced(id, server.address(), DISCOVERY_INTERVAL);
    return this;
  }

  /** How many background announcements and directory reads failed since the stack started. */
  public long discoveryFailures() {
    return directories.stream().mapToLong(EtcdWorkerDirectory::failures).sum();
  }

  private EtcdWorkerDirectory directory() {
    EtcdWorkerDirectory directory = new EtcdWorkerDirectory(etcd);
    directories.add(directory);
    return directory;
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

  /**
   * Stops the TCP server of remote worker {@code id}, as if its process died: an announced worker
   * stops renewing its key too (the key itself stays until withdrawn).
   */
  public void killRemoteWorker(String id) {
    servers.remove(id).close();
    EtcdWorkerDirectory announcer = announcers.remove(id);
    if (announcer != null) {
      announcer.close();
    }
  }

  @Override
  public void close() {
    directories.forEach(EtcdWorkerDirectory::close);
    frontend.close();
    servers.values().forEach(WorkerServer::close);
  }
}

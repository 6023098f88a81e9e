package ai.dynamo.test.examples.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where workers announce themselves and the router finds them: keys {@value #PREFIX}{@code <id>}
 * with values {@code host:port} in etcd, through etcd's HTTP/JSON gateway ({@code /v3/kv/put},
 * {@code /v3/kv/range}, {@code /v3/kv/deleterange}, keys and values in base64).
 *
 * <pre>{@code
 * try (EtcdWorkerDirectory directory = new EtcdWorkerDirectory(URI.create("http://127.0.0.1:2379"))) {
 *   directory.keepAnnounced("w1", server.address(), Duration.ofMillis(200)); // worker side
 *   directory.keepSynced(registry, Duration.ofMillis(200));                 // router side
 * }
 * }</pre>
 *
 * <p>Workers announce themselves again at every interval, so that they reappear after etcd lost its
 * data or was unreachable; while etcd is unreachable the router keeps the workers it knew.
 */
public final class EtcdWorkerDirectory implements AutoCloseable {

  /** The key prefix under which workers are announced. */
  public static final String PREFIX = "dynamo/workers/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();
  private final ScheduledExecutorService background =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "etcd-worker-directory");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> synced = new HashSet<>();
  private final AtomicLong failures = new AtomicLong();

  /** A directory in the etcd at {@code endpoint}, such as {@code http://127.0.0.1:2379}. */
  public EtcdWorkerDirectory(URI endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Announces worker {@code id} at {@code address} once.
   *
   * @throws UncheckedIOException when etcd cannot be reached or refuses the write
   */
  public void announce(String id, InetSocketAddress address) {
    call(
        "put",
        Map.of(
            "key", base64(PREFIX + id),
            "value", base64(address.getHostString() + ":" + address.getPort())));
  }

  /**
   * Removes worker {@code id}, as a worker does when it shuts down.
   *
   * @throws UncheckedIOException when etcd cannot be reached
   */
  public void withdraw(String id) {
    call("deleterange", Map.of("key", base64(PREFIX + id)));
  }

  /**
   * The announced workers by id.
   *
   * @throws UncheckedIOException when etcd cannot be reached
   */
  public Map<String, InetSocketAddress> workers() {
    JsonNode answer =
        call("range", Map.of("key", base64(PREFIX), "range_end", base64(prefixEnd(PREFIX))));
    Map<String, InetSocketAddress> workers = new TreeMap<>();
    for (JsonNode kv : answer.path("kvs")) {
      String id = decode(kv.path("key").asText()).substring(PREFIX.length());
      String value = decode(kv.path("value").asText());
      int colon = value.lastIndexOf(':');
      workers.put(
          id,
          InetSocketAddress.createUnresolved(
              value.substring(0, colon), Integer.parseInt(value.substring(colon + 1))));
    }
    return workers;
  }

  /**
   * Makes {@code registry} hold the announced workers, as {@link RemoteWorker}s: registers new ones
   * and deregisters those this directory registered that are no longer announced. Workers
   * registered by other means are left alone.
   *
   * @throws UncheckedIOException when etcd cannot be reached; the registry is then unchanged
   */
  public synchronized void sync(WorkerRegistry registry) {
    Map<String, InetSocketAddress> announced = workers();
    for (String id : Set.copyOf(synced)) {
      if (!announced.containsKey(id)) {
        registry.deregister(id);
        synced.remove(id);
      }
    }
    announced.forEach(
        (id, address) -> {
          if (registry.find(id).isEmpty()) {
            registry.register(
                new RemoteWorker(
                    id, new InetSocketAddress(address.getHostString(), address.getPort())));
            synced.add(id);
          }
        });
  }

  /** Announces {@code id} now and again every {@code interval} until closed. */
  public void keepAnnounced(String id, InetSocketAddress address, Duration interval) {
    every(interval, () -> announce(id, address));
  }

  /** Syncs {@code registry} now and again every {@code interval} until closed. */
  public void keepSynced(WorkerRegistry registry, Duration interval) {
    every(interval, () -> sync(registry));
  }

  /** How many background announcements and syncs failed because etcd could not be reached. */
  public long failures() {
    return failures.get();
  }

  /** Stops announcing and syncing; what was announced stays in etcd. */
  @Override
  public void close() {
    background.shutdownNow();
  }

  private void every(Duration interval, Runnable task) {
    background.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (UncheckedIOException e) {
            failures.incrementAndGet();
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private JsonNode call(String operation, Map<String, String> body) {
    URI uri = endpoint.resolve("/v3/kv/" + operation);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(2))
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("etcd answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("etcd " + operation + " at " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          "Interrupted during etcd " + operation, new IOException("interrupted", e));
    }
  }

  /** The smallest key after every key that starts with {@code prefix}: etcd's range end. */
  private static String prefixEnd(String prefix) {
    return prefix.substring(0, prefix.length() - 1)
        + (char) (prefix.charAt(prefix.length() - 1) + 1);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}

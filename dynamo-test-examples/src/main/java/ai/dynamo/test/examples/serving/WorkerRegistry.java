package ai.dynamo.test.examples.serving;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The workers that can take requests, by id. Workers join with {@link #register} and leave with
 * {@link #deregister}, also while requests are being routed. Thread-safe.
 */
public final class WorkerRegistry {

  private final ConcurrentSkipListMap<String, Worker> workers = new ConcurrentSkipListMap<>();

  /**
   * Adds {@code worker}.
   *
   * @throws IllegalStateException when a worker with the same id is registered
   */
  public void register(Worker worker) {
    Worker previous = workers.putIfAbsent(worker.id(), worker);
    if (previous != null) {
      throw new IllegalStateException(
          "A worker with id '" + worker.id() + "' is already registered; deregister it first.");
    }
  }

  /** Removes the worker with {@code id}; returns whether it was registered. */
  public boolean deregister(String id) {
    return workers.remove(id) != null;
  }

  /** The worker with {@code id}, if registered. */
  public Optional<Worker> find(String id) {
    return Optional.ofNullable(workers.get(id));
  }

  /** The registered workers, ordered by id. */
  public List<Worker> workers() {
    return List.copyOf(workers.values());
  }
}

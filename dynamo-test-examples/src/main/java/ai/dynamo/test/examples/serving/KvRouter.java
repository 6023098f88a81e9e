package ai.dynamo.test.examples.serving;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Routes each request to the registered worker that holds the longest prefix of its prompt in its
 * KV cache, so that shared prefixes (system prompts, earlier turns of a conversation) are not
 * computed again. Ties go to the worker with fewer requests in flight, then to the one with less
 * cached, then by id.
 *
 * <p>The router does not ask workers what they cache: it predicts it, remembering which blocks it
 * sent where, with the same capacity and eviction as the workers' caches. Thread-safe.
 *
 * <pre>{@code
 * KvRouter router = new KvRouter(registry, 4, 1024);
 * KvRouter.Routed routed = router.generate(tokenizer.encode(prompt), 16);
 * routed.workerId();                         // where it ran
 * routed.generation().cachedPromptTokens();  // what the worker found cached
 * }</pre>
 */
public final class KvRouter {

  /**
   * Where a prompt goes.
   *
   * @param worker the chosen worker
   * @param overlapBlocks how many leading blocks of the prompt the worker is expected to hold
   */
  public record Decision(Worker worker, int overlapBlocks) {}

  /**
   * A request served through the router.
   *
   * @param workerId the worker that served it
   * @param predictedCachedTokens the prompt tokens the router expected the worker to hold
   * @param generation what the worker generated
   */
  public record Routed(String workerId, int predictedCachedTokens, Generation generation) {}

  private final WorkerRegistry registry;
  private final int blockSize;
  private final int blocksPerWorker;
  private final Map<String, KvCache> predicted = new HashMap<>();
  private final Map<String, Integer> inFlight = new HashMap<>();

  /**
   * A router over the workers of {@code registry}, whose caches hold {@code blocksPerWorker} blocks
   * of {@code blockSize} tokens.
   */
  public KvRouter(WorkerRegistry registry, int blockSize, int blocksPerWorker) {
    this.registry = registry;
    this.blockSize = blockSize;
    this.blocksPerWorker = blocksPerWorker;
  }

  /**
   * Chooses a worker for {@code prompt} and counts the request as in flight there until {@link
   * #release}; empty when no worker is registered.
   */
  public synchronized Optional<Decision> select(int[] prompt) {
    List<Worker> workers = registry.workers();
    Set<String> live = workers.stream().map(Worker::id).collect(Collectors.toSet());
    predicted.keySet().retainAll(live);
    inFlight.keySet().retainAll(live);
    long[] hashes = BlockHashes.of(prompt, blockSize);
    Optional<Decision> best =
        workers.stream()
            .map(worker -> new Decision(worker, cacheOf(worker.id()).matchPrefix(hashes)))
            .min(
                Comparator.comparingInt((Decision d) -> -d.overlapBlocks())
                    .thenComparingInt(d -> inFlight.getOrDefault(d.worker().id(), 0))
                    .thenComparingInt(d -> cacheOf(d.worker().id()).size())
                    .thenComparing(d -> d.worker().id()));
    best.ifPresent(
        decision -> {
          cacheOf(decision.worker().id()).store(hashes);
          inFlight.merge(decision.worker().id(), 1, Integer::sum);
        });
    return best;
  }

  /** Ends a request that {@link #select} sent to {@code workerId}. */
  public synchronized void release(String workerId) {
    inFlight.computeIfPresent(workerId, (id, count) -> count > 1 ? count - 1 : null);
  }

  /**
   * Routes {@code prompt} and has the chosen worker generate. A worker that cannot be reached is
   * deregistered and the request goes to the best of the workers that remain.
   *
   * @throws WorkerUnavailableException when no registered worker can serve the request
   */
  public Routed generate(int[] prompt, int maxTokens) {
    List<String> unreachable = new ArrayList<>();
    while (true) {
      Optional<Decision> decision = select(prompt);
      if (decision.isEmpty()) {
        throw new WorkerUnavailableException(
            "No worker is registered to serve the request"
                + (unreachable.isEmpty() ? "" : "; unreachable and deregistered: " + unreachable),
            null);
      }
      String id = decision.get().worker().id();
      try {
        Generation generation = decision.get().worker().generate(prompt, maxTokens);
        return new Routed(id, decision.get().overlapBlocks() * blockSize, generation);
      } catch (WorkerUnavailableException e) {
        registry.deregister(id);
        unreachable.add(id);
      } finally {
        release(id);
      }
    }
  }

  /** The workers this router chooses from. */
  public WorkerRegistry registry() {
    return registry;
  }

  private KvCache cacheOf(String workerId) {
    return predicted.computeIfAbsent(workerId, id -> new KvCache(blocksPerWorker));
  }
}

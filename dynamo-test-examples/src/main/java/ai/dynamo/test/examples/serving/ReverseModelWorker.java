package ai.dynamo.test.examples.serving;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process worker with a deterministic stand-in for a model: it answers with the prompt's
 * tokens in reverse order, up to the token limit. The KV cache is real: every prompt's blocks are
 * cached, and a prompt that shares a prefix with an earlier one reports those tokens as cached.
 *
 * <pre>{@code
 * Worker worker = new ReverseModelWorker("worker-a", 4, 1024);
 * worker.generate(new int[] {1, 2, 3}, 2); // tokens [3, 2], finish reason "length"
 * }</pre>
 */
public final class ReverseModelWorker implements Worker {

  private final String id;
  private final int blockSize;
  private final KvCache cache;
  private final AtomicLong requests = new AtomicLong();

  /**
   * A worker whose KV cache holds {@code cacheBlocks} blocks of {@code blockSize} tokens; the
   * router must use the same block size.
   */
  public ReverseModelWorker(String id, int blockSize, int cacheBlocks) {
    this.id = id;
    this.blockSize = blockSize;
    this.cache = new KvCache(cacheBlocks);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Generation generate(int[] prompt, int maxTokens) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be 1 or more, was " + maxTokens);
    }
    requests.incrementAndGet();
    long[] hashes = BlockHashes.of(prompt, blockSize);
    int cachedBlocks;
    synchronized (cache) {
      cachedBlocks = cache.matchPrefix(hashes);
      cache.store(hashes);
    }
    int length = Math.min(prompt.length, maxTokens);
    int[] output = new int[length];
    for (int i = 0; i < length; i++) {
      output[i] = prompt[prompt.length - 1 - i];
    }
    return new Generation(
        output, cachedBlocks * blockSize, length < prompt.length ? "length" : "stop");
  }

  /** How many requests this worker has served. */
  public long requestsServed() {
    return requests.get();
  }

  /** This worker's KV cache. */
  public KvCache cache() {
    return cache;
  }
}

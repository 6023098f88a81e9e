package ai.dynamo.test.examples.serving;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker's KV cache, tracked by block hash, holding at most {@code capacity} blocks and evicting
 * the least recently used. Thread-safe.
 *
 * <pre>{@code
 * KvCache cache = new KvCache(1024);
 * int hits = cache.matchPrefix(hashes); // leading blocks already cached
 * cache.store(hashes);                  // now all are, most recently used
 * }</pre>
 */
public final class KvCache {

  private final int capacity;
  private final LinkedHashMap<Long, Boolean> blocks;

  /** An empty cache for {@code capacity} blocks. */
  public KvCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be 1 or more blocks, was " + capacity);
    }
    this.capacity = capacity;
    this.blocks =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > KvCache.this.capacity;
          }
        };
  }

  /** How many leading blocks of {@code hashes} are cached; does not change recency. */
  public synchronized int matchPrefix(long[] hashes) {
    int matched = 0;
    while (matched < hashes.length && blocks.containsKey(hashes[matched])) {
      matched++;
    }
    return matched;
  }

  /** Caches every block of {@code hashes}, marking them most recently used. */
  public synchronized void store(long[] hashes) {
    for (long hash : hashes) {
      blocks.put(hash, Boolean.TRUE);
    }
  }

  /** The number of cached blocks. */
  public synchronized int size() {
    return blocks.size();
  }

  /** The most blocks this cache holds. */
  public int capacity() {
    return capacity;
  }
}

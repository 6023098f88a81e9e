package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apiguardian.api.API;

/**
 * Splits test classes into shards, one class at a time, so that it works when each discovery sees
 * only one class (Surefire with {@code forkCount > 1}).
 *
 * <p>A class with a recorded duration goes where longest-processing-time-first puts it: all classes
 * the history knows, longest first (ties by name), each onto the shard with the least work so far
 * (ties by the lower shard). A class the history does not know goes to the shard given by a stable
 * hash of its name. Both depend only on the history and the class name, never on which other
 * classes this discovery sees, so every shard and every fork computes the same assignment: every
 * class lands in exactly one shard.
 *
 * <p>The trade-off: the split balances the classes the history knows, which may include classes
 * that this run does not select, and spreads unknown classes by count, not by duration. After one
 * recorded run, every class is known and the split is balanced by what was measured.
 *
 * <pre>{@code
 * ShardPartition partition = ShardPartition.of(Map.of("a.ATest", 1200L, "a.BTest", 300L), 2);
 * int shard = partition.shardOf("a.CTest"); // 0-based
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class ShardPartition {

  private final int count;
  private final Map<String, Integer> assigned;
  private final long[] loads;
  private final List<List<String>> classes;

  private ShardPartition(
      int count, Map<String, Integer> assigned, long[] loads, List<List<String>> classes) {
    this.count = count;
    this.assigned = assigned;
    this.loads = loads;
    this.classes = classes;
  }

  /** Assigns the classes of {@code millisByClass} to {@code count} shards. */
  public static ShardPartition of(Map<String, Long> millisByClass, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    List<Map.Entry<String, Long>> known = new ArrayList<>(millisByClass.entrySet());
    known.sort(
        Map.Entry.<String, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    long[] loads = new long[count];
    List<List<String>> classes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      classes.add(new ArrayList<>());
    }
    // Each element is {load, shard}; the lowest load, then the lowest shard, is taken first.
    PriorityQueue<long[]> open =
        new PriorityQueue<>(
            count, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    for (int i = 0; i < count; i++) {
      open.add(new long[] {0, i});
    }
    Map<String, Integer> assigned = new HashMap<>(known.size() * 2);
    for (Map.Entry<String, Long> entry : known) {
      long[] least = open.poll();
      int shard = (int) least[1];
      least[0] += Math.max(0, entry.getValue());
      loads[shard] = least[0];
      classes.get(shard).add(entry.getKey());
      assigned.put(entry.getKey(), shard);
      open.add(least);
    }
    return new ShardPartition(count, assigned, loads, classes);
  }

  /** The shard of {@code className}, from 0. */
  public int shardOf(String className) {
    Integer shard = assigned.get(className);
    return shard != null ? shard : hashShard(className, count);
  }

  /** Whether the history placed {@code className}, rather than its hash. */
  public boolean isKnown(String className) {
    return assigned.containsKey(className);
  }

  /** The shard a class without history goes to: a stable 64-bit hash of its name. */
  public static int hashShard(String className, int count) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : className.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    return (int) Math.floorMod(hash, (long) count);
  }

  /** The number of shards. */
  public int count() {
    return count;
  }

  /** The recorded milliseconds of the known classes of each shard. */
  public long[] loads() {
    return loads.clone();
  }

  /** The known classes of shard {@code shard} (from 0), longest first. */
  public List<String> classesOf(int shard) {
    return Collections.unmodifiableList(classes.get(shard));
  }

  /** The longest shard's recorded milliseconds. */
  public long makespan() {
    long max = 0;
    for (long load : loads) {
      max = Math.max(max, load);
    }
    return max;
  }
}

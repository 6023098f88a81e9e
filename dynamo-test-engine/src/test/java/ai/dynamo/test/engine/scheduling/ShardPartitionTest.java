package ai.dynamo.test.engine.scheduling;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the split, checked over many seeded random inputs. */
@Stage(PRE_MERGE)
@TestType(UNIT)
class ShardPartitionTest {

  private static final int CASES = 300;

  @Test
  void everyClassLandsInExactlyOneShardEvenWhenEachShardSeesOneClassAtATime() {
    Random random = new Random(42);
    for (int c = 0; c < CASES; c++) {
      Map<String, Long> known = randomDurations(random, random.nextInt(60));
      java.util.Set<String> names = new java.util.LinkedHashSet<>(known.keySet());
      for (int u = random.nextInt(20); u > 0; u--) {
        names.add("com.example.unknown.U" + random.nextInt(1_000_000) + "Test");
      }
      List<String> selected = new ArrayList<>(names);
      int shards = 1 + random.nextInt(16);

      // Each shard, and each fork within it, builds the partition on its own from the same inputs
      // and asks about one class at a time, in an order of its own.
      Map<String, Integer> claimedBy = new HashMap<>();
      for (int shard = 0; shard < shards; shard++) {
        List<String> seenByThisShard = new ArrayList<>(selected);
        Collections.shuffle(seenByThisShard, random);
        ShardPartition own = ShardPartition.of(reinserted(known, random), shards);
        for (String className : seenByThisShard) {
          if (own.shardOf(className) == shard) {
            Integer previous = claimedBy.put(className, shard);
            assertThat(previous)
                .as("%s claimed by shards %s and %s", className, previous, shard)
                .isNull();
          }
        }
      }
      assertThat(claimedBy.keySet()).as("case %d", c).containsExactlyInAnyOrderElementsOf(selected);
    }
  }

  @Test
  void theSameInputsGiveTheSameSplit() {
    Random random = new Random(7);
    for (int c = 0; c < CASES; c++) {
      Map<String, Long> known = randomDurations(random, 1 + random.nextInt(200));
      int shards = 1 + random.nextInt(32);
      ShardPartition first = ShardPartition.of(known, shards);
      ShardPartition second = ShardPartition.of(reinserted(known, random), shards);
      for (String className : known.keySet()) {
        assertThat(second.shardOf(className)).isEqualTo(first.shardOf(className));
      }
      assertThat(second.loads()).containsExactly(first.loads());
    }
  }

  @Test
  void theLongestShardNeverExceedsTheListSchedulingBound() {
    Random random = new Random(11);
    for (int c = 0; c < CASES; c++) {
      Map<String, Long> known = randomDurations(random, 1 + random.nextInt(300));
      int shards = 1 + random.nextInt(24);
      ShardPartition partition = ShardPartition.of(known, shards);
      long total = known.values().stream().mapToLong(Long::longValue).sum();
      long longest = known.values().stream().mapToLong(Long::longValue).max().orElse(0);
      // Graham: list scheduling never exceeds total/m + (1 - 1/m) * longest.
      assertThat((double) partition.makespan())
          .isLessThanOrEqualTo(total / (double) shards + (1 - 1.0 / shards) * longest + 1);
      assertThat(partition.loads()).hasSize(shards);
      assertThat(java.util.Arrays.stream(partition.loads()).sum()).isEqualTo(total);
    }
  }

  @Test
  void withManyClassesPerShardTheSplitIsWithinTwoPercentOfTheLowerBound() {
    Random random = new Random(3);
    for (int c = 0; c < 40; c++) {
      int shards = 4 + random.nextInt(29);
      Map<String, Long> known = lognormal(random, shards * 80);
      ShardPartition partition = ShardPartition.of(known, shards);
      long total = known.values().stream().mapToLong(Long::longValue).sum();
      long longest = known.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      double lowerBound = Math.max(total / (double) shards, longest);
      assertThat(partition.makespan() / lowerBound)
          .as("case %d, %d shards", c, shards)
          .isLessThanOrEqualTo(1.02);
    }
  }

  @Test
  void classesWithoutHistorySpreadEvenlyByHash() {
    int shards = 8;
    int[] counts = new int[shards];
    for (int i = 0; i < 16_000; i++) {
      counts[
          ShardPartition.hashShard(
              "com.example.module" + (i % 37) + ".Feature" + i + "Test", shards)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(1_700, 2_300);
    }
  }

  @Test
  void aShardSpecNamesWhatIsWrong() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShardSpec.parse("9/8"))
        .hasMessage(
            "Invalid dynamo.shard=9/8: expected index/count with 1 <= index <= count, such as"
                + " dynamo.shard=3/8 for the third of eight shards, or dynamo.shard=auto to read"
                + " the shard from Bazel's, GitLab's or CircleCI's variables.");
    assertThat(ShardSpec.parse(" 3 / 8 ")).isEqualTo(new ShardSpec(3, 8));
  }

  static Map<String, Long> randomDurations(Random random, int count) {
    Map<String, Long> durations = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      // Ties are common in real histories (rounded durations): make them common here too.
      durations.put(
          "com.example.C" + random.nextInt(1_000_000) + "Test", (long) random.nextInt(50) * 100);
    }
    return durations;
  }

  static Map<String, Long> lognormal(Random random, int count) {
    Map<String, Long> durations = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      durations.put(
          "com.example.L" + i + "Test",
          Math.max(1, Math.round(Math.exp(8 + 1.2 * random.nextGaussian()))));
    }
    return durations;
  }

  private static Map<String, Long> reinserted(Map<String, Long> known, Random random) {
    List<String> keys = new ArrayList<>(known.keySet());
    Collections.shuffle(keys, random);
    Map<String, Long> copy = new LinkedHashMap<>();
    keys.forEach(k -> copy.put(k, known.get(k)));
    return copy;
  }
}

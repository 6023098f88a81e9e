package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.PRE_COMMIT;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import org.junit.jupiter.api.Test;

@Stage({PRE_COMMIT, PRE_MERGE})
@TestType(UNIT)
class KvCacheTest {

  @Test
  void hashesOnlyFullBlocks() {
    assertThat(BlockHashes.of(new int[] {1, 2, 3, 4, 5, 6, 7}, 4)).hasSize(1);
    assertThat(BlockHashes.of(new int[] {1, 2, 3}, 4)).isEmpty();
  }

  @Test
  void sharesBlockHashesExactlyAsFarAsThePromptsShareAPrefix() {
    long[] a = BlockHashes.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4);
    long[] b = BlockHashes.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0}, 4);
    long[] c = BlockHashes.of(new int[] {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4);

    assertThat(b[0]).isEqualTo(a[0]);
    assertThat(b[1]).isEqualTo(a[1]);
    assertThat(b[2]).isNotEqualTo(a[2]);
    // The same later blocks after a different first block are different cache entries.
    assertThat(c).doesNotContain(a);
  }

  @Test
  void matchesOnlyTheLeadingCachedBlocks() {
    KvCache cache = new KvCache(16);
    long[] prompt = BlockHashes.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4);
    cache.store(new long[] {prompt[0], prompt[2]});

    assertThat(cache.matchPrefix(prompt)).isEqualTo(1);
  }

  @Test
  void evictsTheLeastRecentlyUsedBlock() {
    KvCache cache = new KvCache(2);
    cache.store(new long[] {1L, 2L});
    cache.store(new long[] {1L}); // 2 is now the least recently used
    cache.store(new long[] {3L});

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.matchPrefix(new long[] {1L})).isEqualTo(1);
    assertThat(cache.matchPrefix(new long[] {2L})).isZero();
    assertThat(cache.matchPrefix(new long[] {3L})).isEqualTo(1);
  }
}

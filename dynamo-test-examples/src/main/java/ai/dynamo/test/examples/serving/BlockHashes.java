package ai.dynamo.test.examples.serving;

import java.util.Arrays;

/**
 * The KV-cache blocks of a token sequence, each named by a hash that covers the block and every
 * block before it. Two prompts share their first {@code n} block hashes exactly when they share
 * their first {@code n * blockSize} tokens, so a prefix match is a comparison of hashes. A partial
 * last block is not cached and gets no hash.
 *
 * <pre>{@code
 * long[] hashes = BlockHashes.of(tokenizer.encode(prompt), 16);
 * }</pre>
 */
public final class BlockHashes {

  private BlockHashes() {}

  /** The chained hashes of the full blocks of {@code tokens}. */
  public static long[] of(int[] tokens, int blockSize) {
    if (blockSize < 1) {
      throw new IllegalArgumentException("blockSize must be 1 or more, was " + blockSize);
    }
    long[] hashes = new long[tokens.length / blockSize];
    long previous = 0x9E3779B97F4A7C15L;
    for (int block = 0; block < hashes.length; block++) {
      int[] content = Arrays.copyOfRange(tokens, block * blockSize, (block + 1) * blockSize);
      previous = mix(previous * 31 + Arrays.hashCode(content));
      hashes[block] = previous;
    }
    return hashes;
  }

  /** SplitMix64's finalizer: spreads the bits so that nearby inputs give unrelated hashes. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

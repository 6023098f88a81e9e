package ai.dynamo.test.examples.serving;

import java.util.Arrays;

/**
 * What a worker generated for one prompt.
 *
 * @param tokens the generated token ids
 * @param cachedPromptTokens how many leading prompt tokens were already in the worker's KV cache,
 *     and so were not computed again
 * @param finishReason {@code "stop"} when the model ended by itself, {@code "length"} when it hit
 *     the token limit
 */
public record Generation(int[] tokens, int cachedPromptTokens, String finishReason) {

  public Generation {
    tokens = tokens.clone();
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Generation that
        && Arrays.equals(tokens, that.tokens)
        && cachedPromptTokens == that.cachedPromptTokens
        && finishReason.equals(that.finishReason);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(tokens) + cachedPromptTokens) + finishReason.hashCode();
  }

  @Override
  public String toString() {
    return "Generation[tokens="
        + Arrays.toString(tokens)
        + ", cachedPromptTokens="
        + cachedPromptTokens
        + ", finishReason="
        + finishReason
        + "]";
  }
}

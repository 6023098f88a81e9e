package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.PRE_COMMIT;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Worker} must do, whatever carries the request to it. An abstract, classified
 * base: subclasses inherit its {@code @Stage} and {@code @TestType} (see {@link
 * ReverseModelWorkerTest}) or declare their own (see {@link RemoteWorkerTest}).
 */
@Stage({PRE_COMMIT, PRE_MERGE})
@TestType(UNIT)
abstract class WorkerContract {

  /** A worker with id {@code "w"}, blocks of 4 tokens and an empty cache. */
  abstract Worker worker();

  @Test
  void answersWithThePromptReversed() {
    Generation generation = worker().generate(new int[] {10, 20, 30}, 16);

    assertThat(generation.tokens()).containsExactly(30, 20, 10);
    assertThat(generation.finishReason()).isEqualTo("stop");
  }

  @Test
  void stopsAtTheTokenLimit() {
    Generation generation = worker().generate(new int[] {10, 20, 30, 40}, 2);

    assertThat(generation.tokens()).containsExactly(40, 30);
    assertThat(generation.finishReason()).isEqualTo("length");
  }

  @Test
  void reportsTheCachedPrefixOfARepeatedPrompt() {
    Worker worker = worker();
    int[] conversation = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    int[] nextTurn = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};

    assertThat(worker.generate(conversation, 1).cachedPromptTokens()).isZero();
    assertThat(worker.generate(nextTurn, 1).cachedPromptTokens()).isEqualTo(8);
  }

  @Test
  void rejectsATokenLimitBelowOne() {
    assertThatThrownBy(() -> worker().generate(new int[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens must be 1 or more, was 0");
  }
}

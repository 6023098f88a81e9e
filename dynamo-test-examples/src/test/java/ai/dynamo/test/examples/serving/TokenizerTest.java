package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_COMMIT;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

@Stage({PRE_COMMIT, PRE_MERGE})
@TestType(UNIT)
class TokenizerTest {

  private final Tokenizer tokenizer = new Tokenizer();

  @Test
  void splitsWordsAndPunctuationIntoTokens() {
    assertThat(tokenizer.encode("Hello, world!")).hasSize(4);
    assertThat(tokenizer.vocabularySize()).isEqualTo(4);
  }

  @Test
  void givesTheSameTextTheSameIds() {
    int[] first = tokenizer.encode("the cat sat on the mat");

    assertThat(tokenizer.encode("the cat sat on the mat")).containsExactly(first);
    assertThat(first[0]).isEqualTo(first[4]);
  }

  @Test
  void decodesBackToNormalizedText() {
    int[] ids = tokenizer.encode("  Hello ,   world!\nIt's   fine.");

    assertThat(tokenizer.decode(ids)).isEqualTo("Hello, world! It's fine.");
  }

  @Test
  void rejectsIdsItNeverAssigned() {
    tokenizer.encode("one two");

    assertThatThrownBy(() -> tokenizer.decode(new int[] {0, 7}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown token id 7");
  }

  /** Overrides the class's stages: a larger, slower check that runs only at night. */
  @Test
  @Stage(NIGHTLY)
  void roundTripsALargeGeneratedCorpus() {
    Random random = new Random(42);
    String[] words = {"prefill", "decode", "kv", "cache", "block", "router", "GPU", "token"};
    String[] marks = {",", ".", "!", "?"};
    for (int document = 0; document < 2_000; document++) {
      StringJoiner text = new StringJoiner(" ");
      for (int word = 0; word < 50; word++) {
        text.add(words[random.nextInt(words.length)] + random.nextInt(100));
      }
      String expected = text + marks[random.nextInt(marks.length)];

      assertThat(tokenizer.decode(tokenizer.encode(expected))).isEqualTo(expected);
    }
    assertThat(tokenizer.vocabularySize()).isEqualTo(words.length * 100 + marks.length);
  }
}

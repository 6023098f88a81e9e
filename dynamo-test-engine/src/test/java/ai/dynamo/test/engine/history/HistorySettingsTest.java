package ai.dynamo.test.engine.history;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@Stage(PRE_MERGE)
@TestType(UNIT)
class HistorySettingsTest {

  private static final Path TEST_CLASSES =
      Path.of(
          HistorySettingsTest.class.getProtectionDomain().getCodeSource().getLocation().getPath());

  private static java.util.function.Function<String, Optional<String>> params(
      String key, String value) {
    return k -> Optional.ofNullable(Map.of(key, value).get(k));
  }

  @Test
  void theDefaultLivesInTheBuildDirectoryOfTheTestClassesWhateverTheWorkingDirectory() {
    HistoryStore store =
        HistorySettings.store(key -> Optional.empty(), Optional.of(getClass())).orElseThrow();
    assertThat(TEST_CLASSES.getFileName().toString()).isEqualTo("test-classes");
    assertThat(store.directory()).isEqualTo(TEST_CLASSES.getParent().resolve("dynamo-history"));
  }

  @Test
  void aRelativeLocationIsRelativeToTheModule() {
    HistoryStore store =
        HistorySettings.store(params("dynamo.history", "ci/history"), Optional.of(getClass()))
            .orElseThrow();
    assertThat(store.directory())
        .isEqualTo(TEST_CLASSES.getParent().getParent().resolve("ci/history"));
  }

  @Test
  void offTurnsTheHistoryOff() {
    assertThat(HistorySettings.store(params("dynamo.history", "OFF"), Optional.of(getClass())))
        .isEmpty();
  }

  @Test
  void aBadWindowNamesTheKeyAndTheValue() {
    assertThatThrownBy(
            () -> HistorySettings.store(params("dynamo.history.window", "0"), Optional.empty()))
        .hasMessageStartingWith(
            "Invalid dynamo.history.window=0: expected a positive whole number");
  }
}

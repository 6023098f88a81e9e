package ai.dynamo.test.engine.history;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs fixtures through a real Launcher, which registers the listener through ServiceLoader. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class HistoryListenerTest {

  @TempDir Path directory;

  @Test
  void everyRunRecordsEachTestAndClassWithItsOutcomeAndLabels() throws Exception {
    launch(Map.of("dynamo.history", directory.toString()));

    DurationHistory history = new HistoryStore(directory, 10, System.out::println).readAll();
    String className = RecordedFixture.class.getName();
    assertThat(history.ofTest(className + "#sleeps()").orElseThrow().meanMillis())
        .isGreaterThanOrEqualTo(50);
    assertThat(history.ofTest(className + "#fails()").orElseThrow().latest().outcome())
        .isEqualTo(Outcome.FAILED);
    HistoryRecord classRecord = history.ofClass(className).orElseThrow().latest();
    assertThat(classRecord.outcome())
        .as("a class with a failed test failed")
        .isEqualTo(Outcome.FAILED);
    assertThat(classRecord.millis()).isGreaterThanOrEqualTo(50);
    assertThat(classRecord.stages()).isEqualTo("pre-merge");
    assertThat(classRecord.kind()).isEqualTo("unit");
  }

  @Test
  void aShardRunRecordsIntoIncoming() {
    launch(Map.of("dynamo.history", directory.toString(), "dynamo.shard", "1/1"));

    HistoryStore store = new HistoryStore(directory, 10, System.out::println);
    assertThat(store.readSettled().isEmpty()).isTrue();
    assertThat(store.readAll().ofClass(RecordedFixture.class.getName())).isPresent();
  }

  @Test
  void offRecordsNothing() {
    launch(Map.of("dynamo.history", "off"));
    assertThat(directory).isEmptyDirectory();
  }

  private static void launch(Map<String, String> parameters) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(RecordedFixture.class))
            .configurationParameters(parameters)
            .configurationParameter("dynamo.summary", "false")
            .enableImplicitConfigurationParameters(false)
            .build();
    LauncherFactory.create().execute(request);
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class RecordedFixture {
    @Test
    void sleeps() throws InterruptedException {
      Thread.sleep(50);
    }

    @Test
    void fails() {
      throw new AssertionError("recorded as failed");
    }
  }
}

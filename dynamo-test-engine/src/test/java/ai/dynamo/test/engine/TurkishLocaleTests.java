package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import ai.dynamo.test.engine.history.HistoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a Turkish default locale {@code "I".toLowerCase()} is {@code "ı"} and {@code
 * "i".toUpperCase()} is {@code "İ"}: keys, stage and type names and the history file format must
 * not depend on it. The run happens in a JVM started with that locale, so that nothing computed
 * earlier in this JVM (such as the list of valid keys) hides the difference.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class TurkishLocaleTests {

  @TempDir Path directory;

  @Test
  void keysStageNamesAndHistoryWorkUnderATurkishDefaultLocale() throws Exception {
    Path history = directory.resolve("history");
    String fixture = TurkishLocaleRun.PreCommitIntegrationFixture.class.getName();
    // A history written before, in the format every locale writes: "failed", "class", "test".
    new HistoryStore(history, 10, System.out::println)
        .write(
            List.of(
                new HistoryRecord(
                    "earlier",
                    1,
                    Scope.TEST,
                    fixture + "#earlier()",
                    5,
                    Outcome.FAILED,
                    "",
                    "",
                    ""),
                new HistoryRecord(
                    "earlier",
                    1,
                    Scope.CLASS,
                    "com.example.Earlier",
                    5,
                    Outcome.PASSED,
                    "",
                    "",
                    "")),
            false);

    String report = runInTurkish(history);

    assertThat(report)
        .contains("locale=tr-TR")
        .doesNotContain("error=")
        .doesNotContain("warning=")
        .contains("found=2", "succeeded=1", "failed=1")
        .contains("record=" + fixture + "#earlier() FAILED")
        .contains("record=" + fixture + "#fails() FAILED")
        .contains("record=" + fixture + "#passes() PASSED")
        .contains("record=" + fixture + " FAILED");
    String written;
    try (Stream<Path> files = Files.list(history)) {
      StringBuilder text = new StringBuilder();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(Files.readString(file, StandardCharsets.UTF_8));
      }
      written = text.toString();
    }
    assertThat(written)
        .as("the history file format does not follow the locale")
        .contains("\tfailed\t", "\tclass\t", "\tintegration")
        .doesNotContain("ı", "İ");
  }

  private String runInTurkish(Path history) throws IOException, InterruptedException {
    Path report = directory.resolve("report");
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.language=tr",
                "-Duser.country=TR",
                "-cp",
                System.getProperty("java.class.path"),
                TurkishLocaleRun.class.getName(),
                history.toString(),
                report.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("fork.log").toFile())
            .start();
    if (!jvm.waitFor(2, TimeUnit.MINUTES)) {
      jvm.destroyForcibly();
      throw new AssertionError("the Turkish JVM did not finish within 2 minutes");
    }
    assertThat(report)
        .as("the Turkish JVM's report; its log: " + Files.readString(directory.resolve("fork.log")))
        .exists();
    return Files.readString(report);
  }
}

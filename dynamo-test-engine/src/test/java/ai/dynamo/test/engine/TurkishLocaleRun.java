package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_COMMIT;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A run through a real Launcher in a JVM whose default locale the caller chose ({@code
 * -Duser.language=tr}), so that nothing the engine computed before, in another locale, hides a case
 * conversion that depends on it. Reports into the file {@code args[1]}.
 *
 * <pre>{@code java -Duser.language=tr -Duser.country=TR -cp ... TurkishLocaleRun <history dir>
 * <report file>}</pre>
 */
final class TurkishLocaleRun {

  private TurkishLocaleRun() {}

  public static void main(String[] args) throws Exception {
    Path history = Path.of(args[0]);
    Path report = Path.of(args[1]);
    StringBuilder out = new StringBuilder();
    out.append("locale=").append(Locale.getDefault().toLanguageTag()).append('\n');
    try {
      LauncherDiscoveryRequest request =
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectClass(PreCommitIntegrationFixture.class))
              .configurationParameters(
                  Map.of(
                      "dynamo.stage", "PRE_COMMIT,QA",
                      "dynamo.type", "INTEGRATION",
                      "dynamo.budget.pre-commit", "1h",
                      "dynamo.budget.qa", "2h",
                      "dynamo.history", history.toString(),
                      "dynamo.summary", "false"))
              .enableImplicitConfigurationParameters(false)
              .build();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      LauncherFactory.create().execute(request, listener);
      TestExecutionSummary summary = listener.getSummary();
      out.append("found=").append(summary.getTestsFoundCount()).append('\n');
      out.append("succeeded=").append(summary.getTestsSucceededCount()).append('\n');
      out.append("failed=").append(summary.getTestsFailedCount()).append('\n');
      summary.getFailures().stream()
          .filter(
              failure ->
                  failure.getTestIdentifier().getDisplayName().equals("dynamo (JUnit Jupiter)"))
          .forEach(
              failure -> out.append("error=").append(causes(failure.getException())).append('\n'));
      for (HistoryRecord record :
          new HistoryStore(history, 10, warning -> out.append("warning=" + warning + "\n"))
              .readAll()
              .records()) {
        out.append("record=")
            .append(record.key())
            .append(' ')
            .append(record.outcome())
            .append('\n');
      }
    } catch (Throwable e) {
      out.append("error=").append(causes(e)).append('\n');
    }
    Files.writeString(report, out);
  }

  private static String causes(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error));
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" caused by ").append(cause);
    }
    return text.toString();
  }

  /** A pre-commit integration test that fails, so that the history records the outcome FAILED. */
  @Stage(PRE_COMMIT)
  @TestType(INTEGRATION)
  static class PreCommitIntegrationFixture {
    @Test
    void passes() {}

    @Test
    void fails() {
      throw new AssertionError("recorded as failed");
    }
  }
}

package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.ServiceScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * The end-of-run count of service starts against the scopes that declared them: the console line
 * and the report entry, with real {@code nats-server} and {@code etcd} processes.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class ServiceStartsTests {

  @TempDir Path dir;

  private EnvironmentTestKit kit() {
    return new EnvironmentTestKit(dir, "local");
  }

  @Test
  void countsTwoStartsSavedWhenThreeClassesShareARunScopedNats() {
    Run run = capture(() -> kit().run(sharingClasses()));

    EnvironmentTestKit.assertAllSucceeded(run.results(), 3);
    assertThat(run.out())
        .contains(
            "[dynamo] Services: 1 start, 3 without run-scoped sharing (2 saved):"
                + " nats run scope 1 start for 3 classes\n");
    Map<String, String> figures = run.entry();
    assertThat(figures)
        .containsEntry(ServiceStarts.STARTS, "1")
        .containsEntry(ServiceStarts.STARTS_WITHOUT_SHARING, "3")
        .containsEntry(ServiceStarts.key("nats", ServiceScope.RUN, "declared"), "3")
        .containsEntry(ServiceStarts.key("nats", ServiceScope.RUN, "started"), "1")
        .containsEntry(ServiceStarts.key("nats", ServiceScope.RUN, "saved"), "2");
  }

  @Test
  void countsAStartForEachClassAndEachTestOfNarrowerScopes() {
    Run run =
        capture(
            () ->
                kit()
                    .run(
                        ServiceFixtures.NatsAndEtcdAnswer.class,
                        ServiceFixtures.NatsPerMethod.class));

    EnvironmentTestKit.assertAllSucceeded(run.results(), 4);
    assertThat(run.out())
        .contains(
            "[dynamo] Services: 4 starts, 4 without run-scoped sharing (0 saved):"
                + " etcd class scope 1 start for 1 class,"
                + " nats class scope 1 start for 1 class,"
                + " nats method scope 2 starts for 2 tests\n");
    assertThat(run.entry())
        .containsEntry(ServiceStarts.STARTS, "4")
        .containsEntry(ServiceStarts.key("nats", ServiceScope.METHOD, "declared"), "2")
        .containsEntry(ServiceStarts.key("nats", ServiceScope.METHOD, "started"), "2")
        .containsEntry(ServiceStarts.key("nats", ServiceScope.CLASS, "started"), "1")
        .containsEntry(ServiceStarts.key("etcd", ServiceScope.CLASS, "started"), "1");
  }

  @Test
  void countsADeclarationThatWasSkippedAsNotServedRatherThanStarted() {
    Run run =
        capture(
            () ->
                kit()
                    .with("dynamo.env.mode", "container")
                    .with("dynamo.requirements.docker-host", "unix:///nonexistent/docker.sock")
                    .run(ServiceFixtures.SharesNatsA.class, ServiceFixtures.SharesNatsC.class));

    run.results().testEvents().assertStatistics(stats -> stats.started(0));
    assertThat(run.out())
        .contains(
            "[dynamo] Services: 0 starts, 0 without run-scoped sharing (0 saved):"
                + " nats run scope 0 starts for 2 classes, 2 not served (failed or skipped)\n");
  }

  @Test
  void printsNothingWhenNoServiceIsDeclared() {
    Run run = capture(() -> kit().run(ServiceFixtures.class));

    assertThat(run.out()).doesNotContain("[dynamo] Services");
    assertThat(run.results().allEvents().reportingEntryPublished().count()).isZero();
  }

  @Test
  void keepsTheConsoleQuietUnderSummaryFalseButStillPublishesTheFigures() {
    Run run = capture(() -> kit().with("dynamo.summary", "false").run(sharingClasses()));

    assertThat(run.out()).doesNotContain("[dynamo] Services");
    assertThat(run.entry()).containsEntry(ServiceStarts.STARTS, "1");
  }

  private static Class<?>[] sharingClasses() {
    return new Class<?>[] {
      ServiceFixtures.SharesNatsA.class,
      ServiceFixtures.SharesNatsB.class,
      ServiceFixtures.SharesNatsC.class
    };
  }

  private record Run(EngineExecutionResults results, String out) {
    /** The one report entry the run published with the service figures. */
    Map<String, String> entry() {
      List<Map<String, String>> entries =
          results.allEvents().reportingEntryPublished().stream()
              .map(Event::getPayload)
              .flatMap(payload -> payload.stream())
              .filter(ReportEntry.class::isInstance)
              .map(payload -> ((ReportEntry) payload).getKeyValuePairs())
              .filter(pairs -> pairs.containsKey(ServiceStarts.REPORT_ENTRY))
              .toList();
      assertThat(entries).hasSize(1);
      return entries.get(0);
    }
  }

  private static Run capture(Supplier<EngineExecutionResults> action) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    EngineExecutionResults results;
    try {
      results = action.get();
    } finally {
      System.setOut(original);
    }
    String out = buffer.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    return new Run(results, out);
  }
}

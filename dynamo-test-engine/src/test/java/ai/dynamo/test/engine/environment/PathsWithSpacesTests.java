package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.engine.Constants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A project under a directory whose path has spaces, as a home directory on macOS ({@code
 * /Users/Jane Doe/My Projects}) or Windows often does: local services, their logs, data and
 * records, the reports and the history all live there, with either process control.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class PathsWithSpacesTests {

  @TempDir Path dir;

  @ParameterizedTest(name = "dynamo.env.local.processes={0}")
  @ValueSource(strings = {"auto", "tree"})
  void servicesReportsAndHistoryWorkUnderAPathWithSpaces(String processes) throws Exception {
    Path project = dir.resolve("Jane Doe/My Projects/router service");
    Path reports = project.resolve("target/dynamo reports");
    Path history = project.resolve("target/dynamo history");
    EnvironmentTestKit kit =
        new EnvironmentTestKit(project, "local")
            .with(Constants.ENV_LOCAL_PROCESSES, processes)
            .with(Constants.REPORTS_DIR, reports.toString())
            .with(Constants.HISTORY, history.toString())
            .with(Constants.SUMMARY, "false");

    var summary = kit.launch(ServiceFixtures.NatsAndEtcdAnswer.class);

    assertThat(summary.getFailures()).as("failures").isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);

    ServiceHandle nats = (ServiceHandle) ServiceFixtures.SEEN.get("nats");
    ServiceHandle etcd = (ServiceHandle) ServiceFixtures.SEEN.get("etcd");
    assertThat(nats.logFile())
        .isEqualTo(kit.logs().resolve("NatsAndEtcdAnswer-nats.log"))
        .content()
        .contains("Server is ready");
    // etcd kept its data next to its log, in a directory with spaces in its path.
    assertThat(etcd.logFile())
        .content()
        .contains("ready to serve client requests", "NatsAndEtcdAnswer-etcd.data");
    try (Stream<Path> records = Files.walk(kit.state())) {
      assertThat(records.filter(Files::isRegularFile).toList()).as("records left").isEmpty();
    }
    assertThat(reports.resolve("summary.json"))
        .content()
        .contains("natsGreetsWithInfoAndAnswersPing", "etcdReportsHealthy");
    assertThat(reports.resolve("report.html")).isNotEmptyFile();
    try (Stream<Path> runs = Files.list(history)) {
      assertThat(runs.toList()).as("history files").isNotEmpty();
    }
    assertThat(EnvironmentTestKit.serviceProcesses()).isEmpty();
  }
}

package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.engine.Constants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@code @Service} in local mode: real {@code nats-server} and {@code etcd} processes. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
class LocalServiceTests {

  @TempDir Path dir;

  /**
   * A run in local mode, with the processes controlled as the host allows ({@code group} on Linux);
   * {@link LocalServiceTreeTests} runs every test again with {@code tree}.
   */
  EnvironmentTestKit kit() {
    return new EnvironmentTestKit(dir, "local");
  }

  /**
   * Every process the service had while the test ran has exited: none was left behind. A killed
   * child of the service is a zombie until init collects it, a moment later; {@link
   * ProcessHandle#isAlive()} counts it until then.
   */
  private static void assertAllGone(Object processes) {
    @SuppressWarnings("unchecked")
    java.util.List<ProcessHandle> handles = (java.util.List<ProcessHandle>) processes;
    assertThat(handles).as("the service's processes").isNotEmpty();
    org.awaitility.Awaitility.await("every process of the service to be gone: " + handles)
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> handles.stream().noneMatch(ProcessHandle::isAlive));
  }

  @AfterEach
  void leavesNoProcessBehind() {
    assertThat(EnvironmentTestKit.serviceProcesses()).isEmpty();
  }

  @Test
  void startsNatsAndEtcdReadyForARawProtocolRoundTrip() throws Exception {
    EnvironmentTestKit kit = kit();

    EngineExecutionResults results = kit.run(ServiceFixtures.NatsAndEtcdAnswer.class);

    EnvironmentTestKit.assertAllSucceeded(results, 2);
    ServiceHandle nats = (ServiceHandle) ServiceFixtures.SEEN.get("nats");
    ServiceHandle etcd = (ServiceHandle) ServiceFixtures.SEEN.get("etcd");
    assertThat(nats.mode()).isEqualTo(ServiceMode.LOCAL);
    assertThat(etcd.ports()).containsOnlyKeys("client", "peer");
    assertThat(nats.logFile())
        .isEqualTo(kit.logs().resolve("NatsAndEtcdAnswer-nats.log"))
        .content()
        .contains("Server is ready");
    assertThat(etcd.logFile()).content().contains("ready to serve client requests");
    assertThat(ServiceProtocols.accepts(nats.host(), nats.port())).isFalse();
    assertThat(ServiceProtocols.accepts(etcd.host(), etcd.port())).isFalse();
  }

  @Test
  void killsPausesAndRestartsOnTheSamePort() throws Exception {
    EnvironmentTestKit kit = kit();

    EngineExecutionResults results =
        kit.run(ServiceFixtures.NatsUnderControl.class, ServiceFixtures.EtcdRestarts.class);

    EnvironmentTestKit.assertAllSucceeded(results, 3);
    ServiceHandle restarted = (ServiceHandle) ServiceFixtures.SEEN.get("restarted");
    assertThat(Files.readString(restarted.logFile()).split("Server is ready", -1)).hasSize(3);
    assertThat(kit.starts("nats")).isEqualTo(2);
    assertThat(kit.starts("etcd")).isEqualTo(2);
  }

  @Test
  void failsNamingAMissingExecutableAndTheDebianPackage() {
    EngineExecutionResults results = kit().run(ServiceFixtures.NeedsAMissingService.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("NeedsAMissingService"),
                finishedWithFailure(
                    instanceOf(ServiceStartException.class),
                    message(m -> m.contains("needs the executable 'dynamo-no-such-server'")),
                    message(m -> m.contains("apt-get install dynamo-ghost-server")))));
  }

  @Test
  void failsWithinTheStartTimeoutWhenThePortNeverOpens() {
    long started = System.nanoTime();
    EngineExecutionResults results = kit().run(ServiceFixtures.ServiceNeverListens.class);
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("ServiceNeverListens"),
                finishedWithFailure(
                    instanceOf(ServiceStartException.class),
                    message(m -> m.contains("was not ready within 5000 ms")),
                    message(m -> m.contains("TCP port 'main'")),
                    message(m -> m.contains(logOf("ServiceNeverListens-silent"))),
                    message(m -> m.contains("warming up on port")))));
    assertThat(seconds).isLessThan(20);
  }

  @Test
  void failsAtOnceWithTheExitCodeWhenTheServiceDiesDuringStartup() {
    long started = System.nanoTime();
    EngineExecutionResults results = kit().run(ServiceFixtures.ServiceDiesDuringStartup.class);
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("ServiceDiesDuringStartup"),
                finishedWithFailure(
                    message(m -> m.contains("died during start-up with exit code 3")),
                    message(m -> m.contains(logOf("ServiceDiesDuringStartup-crashing"))),
                    message(m -> m.contains("fatal: cannot open config")))));
    // The start timeout is 60 s: failing well before it shows the death was noticed.
    assertThat(seconds).isLessThan(20);
  }

  /** The absolute path of the log {@code <name>.log} of a run of {@link #kit()}. */
  private String logOf(String name) {
    return kit().logs().resolve(name + ".log").toString();
  }

  @Test
  void failsATestWhoseServiceCrashedMidTestNamingTheServiceAndItsLog() {
    EngineExecutionResults results = kit().run(ServiceFixtures.ServiceCrashesMidRun.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("usesNatsAfterItCrashed"),
                finishedWithFailure(
                    instanceOf(EngineServiceEnvironment.ServiceDiedException.class),
                    message(m -> m.contains("Service 'nats'")),
                    message(m -> m.contains("died during the test with exit code 137")),
                    message(m -> m.contains(logOf("ServiceCrashesMidRun-nats"))),
                    message(m -> m.contains("Server is ready")),
                    cause(instanceOf(IOException.class)))));
  }

  @Test
  void failsALifecycleMethodWhoseServiceCrashedNamingTheServiceAndItsLog() {
    EngineExecutionResults results = kit().run(ServiceFixtures.ServiceCrashesBeforeEach.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("neverRuns"),
                finishedWithFailure(
                    instanceOf(EngineServiceEnvironment.ServiceDiedException.class),
                    message(m -> m.contains("died during the test with exit code 137")),
                    message(m -> m.contains(logOf("ServiceCrashesBeforeEach.neverRuns-nats"))),
                    cause(instanceOf(IOException.class)))));
  }

  @Test
  void keepsTheTestsOwnFailureWhenItsServicesRunOn() {
    EngineExecutionResults results = kit().run(ServiceFixtures.ThrowsWhileTheServiceRuns.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("throwsWhileTheServiceRuns"),
                finishedWithFailure(
                    instanceOf(IllegalStateException.class),
                    message("the test failed on purpose"))));
  }

  @Test
  void stopsTheServiceAndItsChildrenAfterATestThatThrew() {
    EngineExecutionResults results = kit().run(ServiceFixtures.ThrowsWhileTheServiceRuns.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("throwsWhileTheServiceRuns"), finishedWithFailure()));
    assertAllGone(ServiceFixtures.SEEN.get("processes"));
  }

  @Test
  void runsTheServiceAsTheLeaderOfItsOwnProcessGroupOnLinux() {
    kit()
        .with(Constants.ENV_LOCAL_PROCESSES, "auto")
        .run(ServiceFixtures.ThrowsWhileTheServiceRuns.class);

    @SuppressWarnings("unchecked")
    java.util.List<ProcessHandle> processes =
        (java.util.List<ProcessHandle>) ServiceFixtures.SEEN.get("processes");
    assertThat(ServiceFixtures.SEEN.get("pgid")).isEqualTo(processes.get(0).pid());
  }

  @Test
  void stopsTheServiceAfterATestThatTimedOut() {
    EngineExecutionResults results = kit().run(ServiceFixtures.TimesOutWhileTheServiceRuns.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("sleepsPastItsTimeout"),
                finishedWithFailure(instanceOf(java.util.concurrent.TimeoutException.class))));
    assertAllGone(ServiceFixtures.SEEN.get("processes"));
  }

  @Test
  void killsAServiceThatIgnoresSigtermAfterATestThatLeftItsThreadInterrupted() throws Exception {
    EnvironmentTestKit kit = kit();

    EngineExecutionResults results =
        kit.run(ServiceFixtures.InterruptsItselfWhileTheServiceRuns.class);

    EnvironmentTestKit.assertAllSucceeded(results, 1);
    assertAllGone(ServiceFixtures.SEEN.get("processes"));
    try (Stream<Path> files = Files.walk(kit.state())) {
      assertThat(files.filter(Files::isRegularFile).toList()).as("pid files").isEmpty();
    }
  }

  @Test
  void startsAMethodScopedServiceForEachTest() {
    EnvironmentTestKit kit = kit();

    EngineExecutionResults results = kit.run(ServiceFixtures.NatsPerMethod.class);
    results.testEvents().assertStatistics(stats -> stats.succeeded(2));

    assertThat(ServiceFixtures.SEEN.get("first")).isNotEqualTo(ServiceFixtures.SEEN.get("second"));
    assertThat(kit.logFiles())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("NatsPerMethod.first-nats.log", "NatsPerMethod.second-nats.log");
  }

  @Test
  void writesServiceLogsUnderTheReportsDirectoryUnlessTheLogsKeySaysOtherwise() {
    Path reports = dir.resolve("custom-reports");
    EnvironmentTestKit kit =
        kit().without(Constants.ENV_LOGS).with(Constants.REPORTS_DIR, reports.toString());

    EnvironmentTestKit.assertAllSucceeded(kit.run(ServiceFixtures.NatsWithJetStream.class), 1);

    ServiceHandle nats = (ServiceHandle) ServiceFixtures.SEEN.get("jetstream");
    assertThat(nats.logFile())
        .isEqualTo(reports.resolve("services").resolve("NatsWithJetStream-nats.log"))
        .content()
        .contains("Server is ready");
    assertThat(kit.logs()).doesNotExist();
  }

  @Test
  void startsARunScopedServiceOnceForEveryClassThatSharesIt() throws Exception {
    EnvironmentTestKit kit = kit();

    EngineExecutionResults results =
        kit.run(
            ServiceFixtures.SharesNatsA.class,
            ServiceFixtures.SharesNatsB.class,
            ServiceFixtures.SharesNatsC.class);

    EnvironmentTestKit.assertAllSucceeded(results, 3);
    assertThat(kit.starts("nats")).isEqualTo(1);
    assertThat(((String) ServiceFixtures.SEEN.get("shared")).split(" "))
        .hasSize(3)
        .containsOnly(((String) ServiceFixtures.SEEN.get("shared")).split(" ")[0]);
    assertThat(Files.list(kit.logs()).count()).isEqualTo(1);
  }

  @Test
  void startsARunScopedServiceOnceForClassesThatStartItAtTheSameTime() {
    EnvironmentTestKit kit =
        kit()
            .with("junit.jupiter.execution.parallel.enabled", "true")
            .with("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .with("junit.jupiter.execution.parallel.mode.default", "concurrent")
            // Three classes wait for each other: the pool must not be smaller (2 cores here).
            .with("junit.jupiter.execution.parallel.config.strategy", "fixed")
            .with("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
    ServiceFixtures.meeting = new CyclicBarrier(3);

    EnvironmentTestKit.assertAllSucceeded(
        kit.run(
            ServiceFixtures.MeetsOthersA.class,
            ServiceFixtures.MeetsOthersB.class,
            ServiceFixtures.MeetsOthersC.class),
        3);

    // All three met before any of them had its service: they asked for it concurrently.
    assertThat(ServiceFixtures.SEEN).containsEntry("met", 3);
    assertThat(kit.starts("nats")).isEqualTo(1);
    assertThat(((String) ServiceFixtures.SEEN.get("shared")).split(" "))
        .hasSize(3)
        .containsOnly(((String) ServiceFixtures.SEEN.get("shared")).split(" ")[0]);
  }

  @Test
  void runsNatsWithJetStreamAndRecipesWithACustomReadinessCheck() {
    EnvironmentTestKit.assertAllSucceeded(
        kit().run(ServiceFixtures.NatsWithJetStream.class, ServiceFixtures.CustomReadiness.class),
        2);
  }

  @Test
  void substitutesPlaceholdersIntoTheEnvironmentAndTheWorkingDirectory() {
    EnvironmentTestKit kit = kit();

    EnvironmentTestKit.assertAllSucceeded(
        kit.run(ServiceFixtures.EchoesItsEnvironmentAndDirectory.class), 1);

    ServiceHandle echo = (ServiceHandle) ServiceFixtures.SEEN.get("echo");
    Path dataDir = kit.logs().resolve("EchoesItsEnvironmentAndDirectory-echo.data");
    assertThat(echo.logFile())
        .isEqualTo(kit.logs().resolve("EchoesItsEnvironmentAndDirectory-echo.log"))
        .content()
        .contains("P=" + echo.port("main") + " in " + dataDir.resolve("work"));
  }

  private static final String NO_DOCKER = "unix:///nonexistent/docker.sock";

  @Test
  void skipsWithAReasonWhenContainerModeFindsNoDocker() {
    EngineExecutionResults results =
        kit()
            .with("dynamo.env.mode", "container")
            .with("dynamo.requirements.docker-host", NO_DOCKER)
            .run(ServiceFixtures.NatsAndEtcdAnswer.class);

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("NatsAndEtcdAnswer"),
                org.junit.platform.testkit.engine.EventConditions.abortedWithReason(
                    message(
                        m ->
                            m.contains("requires Docker: no Docker engine answered at " + NO_DOCKER)
                                && m.contains("dynamo.env.mode=container")))));
  }

  @Test
  void failsWhenContainerModeFindsNoDockerAndMissingRequirementsFail() {
    EngineExecutionResults results =
        kit()
            .with("dynamo.env.mode", "container")
            .with("dynamo.requirements.docker-host", NO_DOCKER)
            .with("dynamo.requirements.missing", "fail")
            .run(ServiceFixtures.NatsAndEtcdAnswer.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("NatsAndEtcdAnswer"),
                finishedWithFailure(
                    instanceOf(ServiceStartException.class),
                    message(m -> m.contains("failing because dynamo.requirements.missing=fail")))));
  }

  @Test
  void autoModeRunsLocalProcessesWhereNoDockerAnswers() {
    kit()
        .with("dynamo.env.mode", "auto")
        .with("dynamo.requirements.docker-host", NO_DOCKER)
        .run(ServiceFixtures.NatsAndEtcdAnswer.class)
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(2));

    assertThat(((ServiceHandle) ServiceFixtures.SEEN.get("nats")).mode())
        .isEqualTo(ServiceMode.LOCAL);
  }

  @Test
  void unknownModeIsAConfigurationErrorNamingTheChoicesBeforeAnyTestRuns() {
    assertThatThrownBy(
            () -> kit().with("dynamo.env.mode", "vm").run(ServiceFixtures.NatsPerMethod.class))
        .rootCause()
        .hasMessageContaining("dynamo.env.mode=vm")
        .hasMessageContaining("local, container, auto");
  }

  @Test
  void runsTestsThatDeclareNoServiceWithoutStartingOrLoggingAnything() {
    EnvironmentTestKit kit = kit();

    EngineExecutionResults results = kit.run(ServiceFixtures.DeclaresNoService.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("runsWithoutServices"), finishedSuccessfully()));
    EnvironmentTestKit.assertAllSucceeded(results, 1);
    assertThat(ServiceFixtures.SEEN).containsEntry("no-service", "ran");
    assertThat(kit.logs()).doesNotExist();
  }
}

package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Capability.DOCKER;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.engine.Constants;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports.Binding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code @Service} in container mode with host networking: real NATS and etcd containers from the
 * images {@code .ci/services} builds.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Requires(DOCKER)
class ContainerServiceTests {

  @TempDir Path dir;

  private EnvironmentTestKit kit() {
    return new EnvironmentTestKit(dir, "container");
  }

  @AfterEach
  void leavesNoContainerBehind() {
    assertThat(EnvironmentTestKit.ownContainers()).isZero();
  }

  @Test
  void startsNatsAndEtcdContainersReadyForARawProtocolRoundTrip() {
    EnvironmentTestKit kit = kit();

    EngineExecutionResults results = kit.run(ServiceFixtures.NatsAndEtcdAnswer.class);

    EnvironmentTestKit.assertAllSucceeded(results, 2);
    ServiceHandle nats = (ServiceHandle) ServiceFixtures.SEEN.get("nats");
    ServiceHandle etcd = (ServiceHandle) ServiceFixtures.SEEN.get("etcd");
    assertThat(nats.mode()).isEqualTo(ServiceMode.CONTAINER);
    assertThat(nats.logFile()).content().contains("Server is ready");
    assertThat(etcd.logFile()).content().contains("ready to serve client requests");
    assertThat(ServiceProtocols.accepts(nats.host(), nats.port())).isFalse();
  }

  @Test
  void killsPausesAndRestartsContainersOnTheSamePort() throws Exception {
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
  void failsNamingAMissingImageWithoutPulling() {
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
                    message(m -> m.contains("needs the image 'dynamo-test/no-such-image:none'")),
                    message(m -> m.contains("never pulled")),
                    message(m -> m.contains("have the recipe's withImage name a present image")),
                    message(m -> !m.contains("dynamo.env.image")))));
  }

  @Test
  void failsNamingTheConfiguredNatsImageWhenItIsMissing() {
    EngineExecutionResults results =
        kit()
            .with(Constants.ENV_IMAGE_NATS, "dynamo-test/no-such-nats:none")
            .run(ServiceFixtures.NatsWithJetStream.class);

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("NatsWithJetStream"),
                finishedWithFailure(
                    instanceOf(ServiceStartException.class),
                    message(m -> m.contains("needs the image 'dynamo-test/no-such-nats:none'")),
                    message(m -> m.contains("never pulled")),
                    message(m -> m.contains("name a present image with dynamo.env.image.nats.")))));
  }

  @Test
  void namesTheNatsImageKeyForABuiltInNatsUnderANameOfItsOwn() {
    EngineExecutionResults results =
        kit()
            .with(Constants.ENV_IMAGE_NATS, "dynamo-test/no-such-nats:none")
            .run(ServiceFixtures.RenamedNats.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("RenamedNats"),
                finishedWithFailure(
                    message(m -> m.startsWith("Service 'events' needs the image")),
                    message(m -> m.contains("name a present image with dynamo.env.image.nats.")))));
  }

  @Test
  void failsNamingTheEtcdImageKeyWhenTheConfiguredEtcdImageIsMissing() {
    EngineExecutionResults results =
        kit()
            .with(Constants.ENV_IMAGE_ETCD, "dynamo-test/no-such-etcd:none")
            .run(ServiceFixtures.EtcdRestarts.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("EtcdRestarts"),
                finishedWithFailure(
                    instanceOf(ServiceStartException.class),
                    message(m -> m.contains("needs the image 'dynamo-test/no-such-etcd:none'")),
                    message(m -> m.contains("name a present image with dynamo.env.image.etcd.")))));
  }

  @Test
  void removesTheContainerAfterATestThatTimedOut() {
    EngineExecutionResults results = kit().run(ServiceFixtures.TimesOutWhileTheServiceRuns.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("sleepsPastItsTimeout"),
                finishedWithFailure(instanceOf(java.util.concurrent.TimeoutException.class))));
    ServiceHandle nats = (ServiceHandle) ServiceFixtures.SEEN.get("timed-out");
    assertThat(ServiceProtocols.accepts(nats.host(), nats.port())).isFalse();
  }

  @Test
  void removesTheContainerAfterATestThatLeftItsThreadInterrupted() {
    EngineExecutionResults results = kit().run(ServiceFixtures.InterruptsItselfWhileNatsRuns.class);

    EnvironmentTestKit.assertAllSucceeded(results, 1);
    ServiceHandle nats = (ServiceHandle) ServiceFixtures.SEEN.get("interrupted");
    assertThat(ServiceProtocols.accepts(nats.host(), nats.port())).isFalse();
    assertThat(EnvironmentTestKit.ownContainers()).isZero();
  }

  @Test
  void startsARunScopedContainerOnceForEveryClassThatSharesIt() {
    EnvironmentTestKit kit = kit();

    EnvironmentTestKit.assertAllSucceeded(
        kit.run(
            ServiceFixtures.SharesNatsA.class,
            ServiceFixtures.SharesNatsB.class,
            ServiceFixtures.SharesNatsC.class),
        3);

    assertThat(kit.starts("nats")).isEqualTo(1);
  }

  @Test
  void autoModeRunsContainersWhereDockerAnswers() {
    EnvironmentTestKit kit = new EnvironmentTestKit(dir, "auto");

    EnvironmentTestKit.assertAllSucceeded(kit.run(ServiceFixtures.NatsAndEtcdAnswer.class), 2);

    assertThat(((ServiceHandle) ServiceFixtures.SEEN.get("nats")).mode())
        .isEqualTo(ServiceMode.CONTAINER);
  }

  @Test
  void bridgeNetworkingFailsAtOnceOnAnEngineWithoutABridge() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        ContainerInstance.hasDefaultBridge(), "this engine has a default bridge network");

    EngineExecutionResults results =
        kit()
            .with("dynamo.env.container.network", "bridge")
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
                    message(m -> m.contains("dynamo.env.container.network=host")),
                    message(m -> m.contains("docker network create")))));
  }

  /** Runs {@code body} with a user-defined bridge network of its own, removed afterwards. */
  /**
   * Runs {@code body} with a new user-defined bridge network, removed afterwards. A removal that
   * fails (a container the test left attached) is added to the test's own failure, not put in its
   * place, and fails a passing test.
   */
  private static void withUserDefinedNetwork(Consumer<String> body) {
    String network = "dynamo-test-" + UUID.randomUUID().toString().substring(0, 8);
    ContainerInstance.client().createNetworkCmd().withName(network).withDriver("bridge").exec();
    Throwable failure = null;
    try {
      body.accept(network);
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      try {
        ContainerInstance.client().removeNetworkCmd(network).exec();
      } catch (RuntimeException removal) {
        if (failure == null) {
          throw removal;
        }
        failure.addSuppressed(removal);
      }
    }
  }

  @Test
  void runsNatsAndEtcdOnAUserDefinedNetworkWithPublishedPorts() {
    withUserDefinedNetwork(
        network -> {
          EnvironmentTestKit kit = kit().with(Constants.ENV_CONTAINER_NETWORK, network);

          EnvironmentTestKit.assertAllSucceeded(
              kit.run(
                  ServiceFixtures.NatsAndEtcdAnswer.class,
                  ServiceFixtures.NatsUnderControl.class,
                  ServiceFixtures.EtcdRestarts.class),
              5);

          ServiceHandle nats = (ServiceHandle) ServiceFixtures.SEEN.get("nats");
          ServiceHandle etcd = (ServiceHandle) ServiceFixtures.SEEN.get("etcd");
          assertThat(nats.host()).isEqualTo(ContainerInstance.dockerHost());
          assertThat(etcd.url()).isEqualTo("http://" + etcd.host() + ":" + etcd.port("client"));
          assertThat(kit.starts("nats")).isEqualTo(3); // two classes, one restart
          assertThat(kit.starts("etcd")).isEqualTo(3);
          assertThat(ServiceProtocols.accepts(nats.host(), nats.port())).isFalse();
        });
  }

  @Test
  void joinsTheNamedNetworkAndPublishesEachPortOnTheSameNumber() {
    withUserDefinedNetwork(
        network -> {
          EnvironmentTestKit.assertAllSucceeded(
              kit()
                  .with(Constants.ENV_CONTAINER_NETWORK, network)
                  .run(ServiceFixtures.NatsShowsItsContainer.class),
              1);

          ServiceHandle nats = (ServiceHandle) ServiceFixtures.SEEN.get("shown");
          assertThat(ServiceFixtures.SEEN.get("networks")).isEqualTo(Set.of(network));
          @SuppressWarnings("unchecked")
          Map<ExposedPort, Binding[]> bindings =
              (Map<ExposedPort, Binding[]>) ServiceFixtures.SEEN.get("bindings");
          assertThat(bindings.get(ExposedPort.tcp(nats.port())))
              .extracting(Binding::getHostPortSpec)
              .containsExactly(String.valueOf(nats.port()));
        });
  }

  @Test
  void aPublishedPortIsNotReadyUntilTheServiceListensBehindIt() {
    withUserDefinedNetwork(
        network -> {
          EngineExecutionResults results =
              kit()
                  .with(Constants.ENV_CONTAINER_NETWORK, network)
                  .run(ServiceFixtures.AwaitsAPortNothingListensBehind.class);

          results
              .containerEvents()
              .assertThatEvents()
              .haveExactly(
                  1,
                  event(
                      container("AwaitsAPortNothingListensBehind"),
                      finishedWithFailure(
                          instanceOf(ServiceStartException.class),
                          message(m -> m.contains("was not ready within 3000 ms")))));
        });
  }

  @Test
  void failsNamingANetworkThatDoesNotExistAndHowToCreateIt() {
    String network = "dynamo-test-missing-" + UUID.randomUUID().toString().substring(0, 8);

    EngineExecutionResults results =
        kit()
            .with(Constants.ENV_CONTAINER_NETWORK, network)
            .run(ServiceFixtures.NatsAndEtcdAnswer.class);

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("NatsAndEtcdAnswer"),
                finishedWithFailure(
                    instanceOf(ServiceStartException.class),
                    message(m -> m.contains("has no network '" + network + "'")),
                    message(m -> m.contains("docker network create " + network)),
                    message(m -> m.contains("host, bridge")))));
  }

  @Test
  void environmentBenchmarkSaysContainerModeIsNotMeasuredWhenAnImageIsMissing() {
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    EnvironmentBenchmark.run(
        dir,
        Map.of(Constants.ENV_IMAGE_NATS, "dynamo-test/no-such-nats:none"),
        1,
        new PrintStream(output, true, StandardCharsets.UTF_8));

    String report = output.toString(StandardCharsets.UTF_8);
    assertThat(report)
        .contains(
            "container mode: Docker answers but the image 'dynamo-test/no-such-nats:none'"
                + " (dynamo.env.image.nats) is not present")
        .contains("not measured")
        .containsPattern("nats +local +\\d+")
        .contains("run-scoped sharing:");
  }
}

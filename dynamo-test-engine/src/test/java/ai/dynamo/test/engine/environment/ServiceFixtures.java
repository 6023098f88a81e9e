package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.environment.BuiltInService.ETCD;
import static ai.dynamo.test.api.environment.BuiltInService.NATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceRecipe;
import ai.dynamo.test.api.environment.ServiceRef;
import ai.dynamo.test.api.environment.ServiceScope;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test classes that declare services, run through the engine by the environment tests. What they
 * saw is left in {@link #SEEN} for the tests to check after the run.
 */
final class ServiceFixtures {

  /** What fixtures observed, by key; cleared by each test. */
  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  private ServiceFixtures() {}

  @Service(NATS)
  @Service(ETCD)
  static class NatsAndEtcdAnswer {

    @Test
    void natsGreetsWithInfoAndAnswersPing(@ServiceRef("nats") ServiceHandle nats)
        throws IOException {
      List<String> lines = ServiceProtocols.natsPing(nats, 15_000);
      assertThat(lines.get(0)).startsWith("INFO {");
      assertThat(lines).endsWith("PONG");
      assertThat(nats.url()).isEqualTo("nats://" + nats.host() + ":" + nats.port());
      SEEN.put("nats", nats);
    }

    @Test
    void etcdReportsHealthy(@ServiceRef("etcd") ServiceHandle etcd) throws IOException {
      assertThat(ServiceProtocols.etcdHealth(etcd))
          .startsWith("200 ")
          .contains("\"health\":\"true\"");
      SEEN.put("etcd", etcd);
    }
  }

  @Service(NATS)
  static class NatsUnderControl {

    ServiceHandle nats;

    @Test
    void killAndRestartKeepThePort() throws IOException {
      int port = nats.port();
      ServiceProtocols.natsPing(nats, 15_000);
      nats.kill();
      assertThat(nats.isRunning()).isFalse();
      assertThat(ServiceProtocols.accepts(nats.host(), port)).isFalse();
      nats.restart();
      assertThat(nats.port()).isEqualTo(port);
      assertThat(nats.isRunning()).isTrue();
      assertThat(ServiceProtocols.natsPing(nats, 15_000)).endsWith("PONG");
      SEEN.put("restarted", nats);
    }

    @Test
    void pauseFreezesAndResumeThaws() throws IOException {
      nats.pause();
      assertThat(nats.isRunning()).isFalse();
      assertThatThrownBy(() -> ServiceProtocols.natsPing(nats, 700))
          .isInstanceOf(SocketTimeoutException.class);
      nats.resume();
      assertThat(nats.isRunning()).isTrue();
      assertThat(ServiceProtocols.natsPing(nats, 15_000)).endsWith("PONG");
    }
  }

  @Service(ETCD)
  static class EtcdRestarts {

    @Test
    void stopAndRestartKeepTheClientPort(ServiceHandle etcd) throws IOException {
      int port = etcd.port("client");
      etcd.stop();
      assertThat(ServiceProtocols.accepts(etcd.host(), port)).isFalse();
      etcd.restart();
      assertThat(etcd.port("client")).isEqualTo(port);
      assertThat(ServiceProtocols.etcdHealth(etcd)).contains("\"health\":\"true\"");
    }
  }

  /**
   * Records how Docker runs the NATS container while it answers: its networks and published ports.
   */
  @Service(NATS)
  static class NatsShowsItsContainer {

    @Test
    void answersThroughItsPublishedPort(ServiceHandle nats) throws IOException {
      assertThat(ServiceProtocols.natsPing(nats, 15_000)).endsWith("PONG");
      InspectContainerResponse container =
          ContainerInstance.client()
              .inspectContainerCmd(
                  ContainerInstance.client()
                      .listContainersCmd()
                      .withLabelFilter(
                          Map.of(
                              Ownership.OWNER_LABEL,
                              Ownership.current(),
                              Ownership.SERVICE_LABEL,
                              "nats"))
                      .exec()
                      .get(0)
                      .getId())
              .exec();
      SEEN.put("networks", container.getNetworkSettings().getNetworks().keySet());
      SEEN.put("bindings", container.getHostConfig().getPortBindings().getBindings());
      SEEN.put("shown", nats);
    }
  }

  /** NATS listens on its second port only: its first, the one awaited, has nothing behind it. */
  public static class ListensBehindTheWrongPortRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("wrong-port")
          .withPorts("awaited", "served")
          .withImage("dynamo-test/nats:local")
          .withContainerCommand("-a", "${bind}", "-p", "${port.served}")
          .waitingFor(Readiness.tcpPort("awaited"));
    }
  }

  @Service(name = "wrong-port", recipe = ListensBehindTheWrongPortRecipe.class, startTimeout = "3s")
  static class AwaitsAPortNothingListensBehind {
    @Test
    void neverRuns() {}
  }

  /** The service extension runs (as if inherited from elsewhere), but nothing is declared. */
  @ExtendWith(EngineServiceEnvironment.class)
  static class DeclaresNoService {
    @Test
    void runsWithoutServices() {
      SEEN.put("no-service", "ran");
    }
  }

  /** A recipe whose executable is nowhere. */
  public static class GhostRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("ghost")
          .withPorts("main")
          .withExecutable("dynamo-no-such-server", "--port", "${port.main}")
          .withInstallHint("apt-get install dynamo-ghost-server")
          .withImage("dynamo-test/no-such-image:none")
          .withContainerCommand("--port", "${port.main}");
    }
  }

  @Service(name = "ghost", recipe = GhostRecipe.class)
  static class NeedsAMissingService {
    @Test
    void neverRuns() {}
  }

  /** Prints a line and sleeps, never listening on its port. */
  public static class SilentRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("silent")
          .withPorts("main")
          .withExecutable("sh", "-c", "echo 'warming up on port ${port.main}'; exec sleep 600")
          .waitingFor(Readiness.tcpPort("main"));
    }
  }

  /**
   * The failure quotes the log's tail, so what it says depends on timing: the shell's first line is
   * in it only if the shell ran before the start timeout. 5 s rather than 2 s leaves a loaded CI
   * host the margin to start it.
   */
  @Service(name = "silent", recipe = SilentRecipe.class, startTimeout = "5s")
  static class ServiceNeverListens {
    @Test
    void neverRuns() {}
  }

  /** Exits with 3 right away. */
  public static class CrashingRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("crashing")
          .withPorts("main")
          .withExecutable("sh", "-c", "echo 'fatal: cannot open config' >&2; exit 3");
    }
  }

  @Service(name = "crashing", recipe = CrashingRecipe.class, startTimeout = "60s")
  static class ServiceDiesDuringStartup {
    @Test
    void neverRuns() {}
  }

  /** A service that forks a child, to show that its children are stopped with it. */
  public static class ForkingRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("forking")
          .withPorts("main")
          .withExecutable(
              "sh", "-c", "sleep 600 & echo child $! ready on ${port.main}; exec sleep 601")
          .waitingFor(Readiness.logLine("child \\d+ ready"));
    }
  }

  @Service(name = "forking", recipe = ForkingRecipe.class)
  static class ThrowsWhileTheServiceRuns {
    @Test
    void throwsWhileTheServiceRuns(ServiceHandle forking) throws IOException {
      SEEN.put("processes", ServiceProtocols.processesOf("sleep 601"));
      SEEN.put(
          "pgid",
          ServiceProtocols.processGroupOf(ServiceProtocols.processesOf("sleep 601").get(0).pid()));
      throw new IllegalStateException("the test failed on purpose");
    }
  }

  /** A service that ignores SIGTERM, so only SIGKILL after the grace period stops it. */
  public static class IgnoresSigtermRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("stubborn")
          .withPorts("main")
          .withExecutable(
              "sh", "-c", "trap '' TERM; echo 'stubborn on ${port.main}'; exec sleep 602")
          .waitingFor(Readiness.logLine("stubborn on \\d+"));
    }
  }

  @Service(name = "stubborn", recipe = IgnoresSigtermRecipe.class, scope = ServiceScope.METHOD)
  static class InterruptsItselfWhileTheServiceRuns {
    @Test
    void leavesItsThreadInterrupted(ServiceHandle stubborn) {
      SEEN.put("processes", ServiceProtocols.processesOf("sleep 602"));
      Thread.currentThread().interrupt();
    }
  }

  @Service(value = NATS, scope = ServiceScope.METHOD)
  static class InterruptsItselfWhileNatsRuns {
    @Test
    void leavesItsThreadInterrupted(ServiceHandle nats) {
      SEEN.put("interrupted", nats);
      Thread.currentThread().interrupt();
    }
  }

  @Service(NATS)
  static class TimesOutWhileTheServiceRuns {
    @Test
    @Timeout(value = 1, unit = TimeUnit.SECONDS)
    void sleepsPastItsTimeout(ServiceHandle nats) throws InterruptedException {
      // Local mode: the server is a child of this JVM; container mode: it is not.
      if (nats.mode() == ai.dynamo.test.api.environment.ServiceMode.LOCAL) {
        SEEN.put("processes", ServiceProtocols.processesOf("-p " + nats.port()));
      }
      SEEN.put("timed-out", nats);
      Thread.sleep(30_000);
    }
  }

  @Service(NATS)
  static class ServiceCrashesMidRun {
    @Test
    void usesNatsAfterItCrashed(ServiceHandle nats) throws Exception {
      ProcessHandle server = ServiceProtocols.childWith("-p " + nats.port()).orElseThrow();
      new ProcessBuilder("kill", "-KILL", String.valueOf(server.pid())).start().waitFor();
      server.onExit().get(5, TimeUnit.SECONDS);
      ServiceProtocols.natsPing(nats, 1000);
    }
  }

  /** A method-scoped NATS dies in {@code @BeforeEach}, which then fails using it. */
  @Service(value = NATS, scope = ServiceScope.METHOD)
  static class ServiceCrashesBeforeEach {
    @BeforeEach
    void crashesAndUsesNats(ServiceHandle nats) throws Exception {
      ProcessHandle server = ServiceProtocols.childWith("-p " + nats.port()).orElseThrow();
      new ProcessBuilder("kill", "-KILL", String.valueOf(server.pid())).start().waitFor();
      server.onExit().get(5, TimeUnit.SECONDS);
      ServiceProtocols.natsPing(nats, 1000);
    }

    @Test
    void neverRuns() {}
  }

  @Service(value = NATS, scope = ServiceScope.METHOD)
  static class NatsPerMethod {
    @Test
    void first(ServiceHandle nats) {
      SEEN.put("first", nats.url());
    }

    @Test
    void second(ServiceHandle nats) {
      SEEN.put("second", nats.url());
    }
  }

  @Service(value = NATS, scope = ServiceScope.RUN)
  static class SharesNatsA {
    @Test
    void uses(ServiceHandle nats) throws IOException {
      SEEN.merge("shared", nats.url(), (a, b) -> a + " " + b);
      assertThat(ServiceProtocols.natsPing(nats, 15_000)).endsWith("PONG");
    }
  }

  @Service(value = NATS, scope = ServiceScope.RUN)
  static class SharesNatsB extends SharesNatsA {}

  @Service(value = NATS, scope = ServiceScope.RUN)
  static class SharesNatsC {
    @Test
    void alsoUses(ServiceHandle nats) throws IOException {
      SEEN.merge("shared", nats.url(), (a, b) -> a + " " + b);
      // Ready means the client port answers; nats-server logs "Server is ready" just after that.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(Files.readString(nats.logFile())).contains("Server is ready"));
    }
  }

  /** Prints its environment variable and working directory, both from placeholders. */
  public static class EnvironmentAndDirectoryRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("echo")
          .withPorts("main")
          .withExecutable("sh", "-c", "echo \"P=$P in $(pwd)\"; exec sleep 600")
          .withEnv("P", "${port.main}")
          .withWorkingDirectory("${dataDir}/work")
          .waitingFor(Readiness.logLine("^P=\\d+ in /"));
    }
  }

  @Service(name = "echo", recipe = EnvironmentAndDirectoryRecipe.class)
  static class EchoesItsEnvironmentAndDirectory {
    @Test
    void isReadyWhenItHasPrinted(ServiceHandle echo) {
      SEEN.put("echo", echo);
    }
  }

  /**
   * Where the {@code MeetsOthers*} classes meet before their services start: each waits until all
   * three are there, so they can only pass if they run at the same time; set by the test.
   */
  static volatile CyclicBarrier meeting = new CyclicBarrier(1);

  /**
   * Registered before {@code @Service}, so its {@code beforeAll} runs before the service starts.
   */
  static class MeetsTheOthersFirst implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      meeting.await(30, TimeUnit.SECONDS);
      SEEN.merge("met", 1, (a, b) -> (Integer) a + (Integer) b);
    }
  }

  @ExtendWith(MeetsTheOthersFirst.class)
  @Service(value = NATS, scope = ServiceScope.RUN)
  static class MeetsOthersA {
    @Test
    void uses(ServiceHandle nats) throws IOException {
      SEEN.merge("shared", nats.url(), (a, b) -> a + " " + b);
      assertThat(ServiceProtocols.natsPing(nats, 15_000)).endsWith("PONG");
    }
  }

  @ExtendWith(MeetsTheOthersFirst.class)
  @Service(value = NATS, scope = ServiceScope.RUN)
  static class MeetsOthersB extends MeetsOthersA {}

  @ExtendWith(MeetsTheOthersFirst.class)
  @Service(value = NATS, scope = ServiceScope.RUN)
  static class MeetsOthersC extends MeetsOthersA {}

  @Service(value = NATS, jetstream = true)
  static class NatsWithJetStream {
    @Test
    void announcesJetStream(ServiceHandle nats) throws IOException {
      SEEN.put("jetstream", nats);
      assertThat(ServiceProtocols.natsPing(nats, 15_000).get(0)).contains("\"jetstream\":true");
    }
  }

  /** The built-in NATS under a name of its own, as a class with two NATS servers declares it. */
  @Service(value = NATS, name = "events")
  static class RenamedNats {
    @Test
    void uses(ServiceHandle events) {
      SEEN.put("events", events);
    }
  }

  /** nats-server declared by hand, ready when it answers PING: a custom readiness check. */
  public static class PingedNatsRecipe implements ServiceRecipe {
    @Override
    public ServiceDefinition define() {
      return ServiceDefinition.named("pinged")
          .withPorts("client")
          .withExecutable("nats-server", "-a", "${bind}", "-p", "${port.client}")
          .withEnv("SERVICE_NAME", "${name}")
          .withUrl("nats://${host}:${port.client}")
          .waitingFor(
              Readiness.custom(
                  service -> ServiceProtocols.natsPing(service, 500).contains("PONG")));
    }
  }

  @Service(name = "pinged", recipe = PingedNatsRecipe.class)
  static class CustomReadiness {
    @Test
    void isReadyWhenTheCheckSaysSo(ServiceHandle pinged) throws IOException {
      assertThat(pinged.name()).isEqualTo("pinged");
      assertThat(ServiceProtocols.natsPing(pinged, 15_000)).endsWith("PONG");
    }
  }
}

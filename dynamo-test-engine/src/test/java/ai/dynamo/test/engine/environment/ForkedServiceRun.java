package ai.dynamo.test.engine.environment;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.api.environment.ServiceRef;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.DynamoTestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A run of one fixture class in a JVM of its own, for what cannot happen inside the test's JVM: a
 * JVM killed with SIGKILL, an environment variable set. The fixture reports into the file named by
 * the system property {@code fixture.report}.
 *
 * <pre>{@code java -cp ... ForkedServiceRun <fixture class> <mode> <dir> [<local processes>]}</pre>
 */
final class ForkedServiceRun {

  private ForkedServiceRun() {}

  public static void main(String[] args) throws Exception {
    Class<?> fixture = Class.forName(args[0]);
    String mode = args[1];
    Path dir = Path.of(args[2]);
    String processes = args.length > 3 ? args[3] : "auto";
    org.junit.platform.testkit.engine.Events tests =
        EngineTestKit.engine(DynamoTestEngine.ENGINE_ID)
            .selectors(selectClass(fixture))
            .configurationParameters(
                Map.of(
                    Constants.ENV_MODE,
                    mode,
                    Constants.ENV_CONTAINER_NETWORK,
                    "host",
                    Constants.ENV_LOGS,
                    dir.resolve("logs").toString(),
                    Constants.ENV_STATE,
                    dir.resolve("state").toString(),
                    Constants.ENV_LOCAL_PROCESSES,
                    processes,
                    Constants.SUMMARY,
                    "false"))
            .execute()
            .testEvents();
    report(
        "result", tests.succeeded().count() + " succeeded " + tests.failed().count() + " failed");
  }

  static void report(String key, Object value) throws IOException {
    Path file = Path.of(System.getProperty("fixture.report"));
    Files.writeString(
        file,
        key + "=" + value + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** Starts NATS and etcd, reports where they are, and waits to be killed. */
  @Service(ai.dynamo.test.api.environment.BuiltInService.NATS)
  @Service(ai.dynamo.test.api.environment.BuiltInService.ETCD)
  static class HoldsServicesUntilKilled {
    @Test
    void waitsForever(
        @ServiceRef("nats") ServiceHandle nats, @ServiceRef("etcd") ServiceHandle etcd)
        throws Exception {
      report("nats", nats.port());
      report("etcd", etcd.port());
      report("ready", ProcessHandle.current().pid());
      Thread.sleep(600_000);
    }
  }

  /** Reports what it got for NATS while {@code NATS_SERVER} is set. */
  @Service(ai.dynamo.test.api.environment.BuiltInService.NATS)
  static class UsesNatsFromTheEnvironment {
    @Test
    void reports(ServiceHandle nats) throws Exception {
      report("mode", nats.mode());
      report("url", nats.url());
      report("port", nats.port());
      try {
        nats.restart();
      } catch (UnsupportedOperationException e) {
        report("restart", e.getMessage());
      }
      if (nats.mode() != ServiceMode.EXTERNAL) {
        throw new AssertionError("expected the external endpoint");
      }
    }
  }

  /** Reports what it got for etcd while {@code ETCD_ENDPOINTS} is set. */
  @Service(ai.dynamo.test.api.environment.BuiltInService.ETCD)
  static class UsesEtcdFromTheEnvironment {
    @Test
    void reports(ServiceHandle etcd) throws Exception {
      report("mode", etcd.mode());
      report("url", etcd.url());
      report("port", etcd.port("client"));
      if (etcd.mode() != ServiceMode.EXTERNAL) {
        throw new AssertionError("expected the external endpoint");
      }
    }
  }

  /** Reports the Docker engine Testcontainers talks to, and whether NATS answers in it. */
  @Service(ai.dynamo.test.api.environment.BuiltInService.NATS)
  static class ReportsTheDockerEngineItUses {
    @Test
    void reports(ServiceHandle nats) throws Exception {
      report(
          "docker-host",
          org.testcontainers.DockerClientFactory.instance().getTransportConfig().getDockerHost());
      report("mode", nats.mode());
      report("nats", ServiceProtocols.natsPing(nats, 10_000).get(0).startsWith("INFO"));
    }
  }
}

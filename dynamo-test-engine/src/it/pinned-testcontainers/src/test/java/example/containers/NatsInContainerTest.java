package example.containers;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.environment.BuiltInService.NATS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * NATS in a container, started through the Testcontainers version this project pins; or, run with
 * {@code -Dfixture.expected.mode=LOCAL}, NATS as a local process.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Service(NATS)
class NatsInContainerTest {

  @Test
  void natsAnswersInTheExpectedMode(ServiceHandle nats) throws Exception {
    ServiceMode expected =
        ServiceMode.valueOf(System.getProperty("fixture.expected.mode", "CONTAINER"));
    assertEquals(expected, nats.mode());
    try (Socket socket = new Socket(nats.host(), nats.port());
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8))) {
      String greeting = reader.readLine();
      assertTrue(greeting.startsWith("INFO "), greeting);
    }
    if (expected != ServiceMode.CONTAINER) {
      return;
    }
    // By name: without Testcontainers on the class path, this class must still compile.
    String version =
        Class.forName("org.testcontainers.DockerClientFactory")
            .getPackage()
            .getImplementationVersion();
    assertEquals("@testcontainers.pinned.version@", version, "Testcontainers at run time");
  }
}

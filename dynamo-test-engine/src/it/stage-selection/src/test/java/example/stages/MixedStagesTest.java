package example.stages;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import org.junit.jupiter.api.Test;

/** One type for the class, a stage per method. */
@TestType(INTEGRATION)
class MixedStagesTest {

  @Test
  @Stage(PRE_MERGE)
  void connects() {
    assertTrue("nats://localhost:4222".startsWith("nats://"));
  }

  @Test
  @Stage(NIGHTLY)
  void reconnectsAfterOutage() {
    assertTrue("etcd".length() > 0);
  }
}

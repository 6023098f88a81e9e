package example.matrix;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Stage(PRE_MERGE)
@TestType(UNIT)
class PreMergeChecksTest {

  @Test
  void parsesPort() {
    assertEquals(4222, Integer.parseInt("4222"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nats", "etcd"})
  void namesAService(String name) {
    assertFalse(name.isBlank());
  }

  /** Never set where the fixture runs: skipped with the condition's reason. */
  @Test
  @Requires(env = "COMPATIBILITY_FIXTURE_TOKEN")
  void uploadsResults() {
    assertEquals("set", System.getenv("COMPATIBILITY_FIXTURE_TOKEN") == null ? "unset" : "set");
  }

  @Nested
  class Trimming {

    @Test
    void trimsNames() {
      assertEquals("worker", " worker ".trim());
    }
  }
}

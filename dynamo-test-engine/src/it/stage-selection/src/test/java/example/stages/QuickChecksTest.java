package example.stages;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import org.junit.jupiter.api.Test;

@Stage(PRE_MERGE)
@TestType(UNIT)
class QuickChecksTest {

  @Test
  void parsesPort() {
    assertEquals(4222, Integer.parseInt("4222"));
  }

  @Test
  void trimsNames() {
    assertEquals("worker", " worker ".trim());
  }
}

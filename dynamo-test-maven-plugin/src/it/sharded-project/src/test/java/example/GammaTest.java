package example;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import org.junit.jupiter.api.Test;

@Stage({PRE_MERGE, NIGHTLY})
@TestType(UNIT)
class GammaTest {

  @Test
  void adds() {
    assertEquals(4, 2 + 2);
  }

  @Test
  void trims() {
    assertEquals("worker", " worker ".trim());
  }
}

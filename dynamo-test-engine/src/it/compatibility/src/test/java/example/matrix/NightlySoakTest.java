package example.matrix;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.STRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import org.junit.jupiter.api.Test;

/** Not in the pre-merge stage that the fixture selects: it must not run. */
@Stage(NIGHTLY)
@TestType(STRESS)
class NightlySoakTest {

  @Test
  void survivesRestart() {
    assertEquals(3, "a,b,c".split(",").length);
  }
}

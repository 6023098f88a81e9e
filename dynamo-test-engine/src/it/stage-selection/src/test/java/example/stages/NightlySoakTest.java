package example.stages;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.STRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Stage(NIGHTLY)
@TestType(STRESS)
class NightlySoakTest {

  @Test
  void survivesRestart() {
    assertEquals(3, "a,b,c".split(",").length);
  }

  @Test
  @Tag("slow")
  void drainsBacklog() {
    assertEquals(499500, java.util.stream.IntStream.range(0, 1000).sum());
  }

  /** Never set where the fixture runs: SurefireStageSelectionIT removes it from the build. */
  @Test
  @Requires(env = "STAGE_SELECTION_FIXTURE_TOKEN")
  void uploadsResults() {
    assertEquals("set", System.getenv("STAGE_SELECTION_FIXTURE_TOKEN") == null ? "unset" : "set");
  }
}

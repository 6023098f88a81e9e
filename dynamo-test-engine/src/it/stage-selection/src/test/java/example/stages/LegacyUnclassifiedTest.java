package example.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** No stage, no type: runs only when no selection is set. */
class LegacyUnclassifiedTest {

  @Test
  void stillWorks() {
    assertEquals(2, 1 + 1);
  }
}

package example.jackson;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The project's own Jackson 2.12 is the one its code and tests get, with the dynamo engine. */
@Stage(PRE_MERGE)
@TestType(UNIT)
class OwnJacksonTest {

  @Test
  void readsJsonWithTheProjectsOwnJackson() {
    CompletionRequest request = CompletionRequest.parse("{\"model\":\"tiny\",\"maxTokens\":3}");

    assertEquals(new CompletionRequest("tiny", 3), request);
    assertEquals("2.12", CompletionRequest.jacksonVersion(), "Jackson version at run time");
    String jar = ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertTrue(jar.contains("jackson-databind-@jackson.pinned.version@"), jar);
  }
}

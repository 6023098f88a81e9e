package example.jackson;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** The project's own Jackson 2.12 is the one its tests get, with the dynamo engine running them. */
@Stage(PRE_MERGE)
@TestType(UNIT)
class OwnJacksonTest {

  @Test
  void readsJsonWithTheProjectsOwnJackson() throws Exception {
    ObjectMapper mapper = JsonMapper.builder().build();

    JsonNode request = mapper.readTree("{\"model\":\"tiny\",\"maxTokens\":3}");

    assertEquals("tiny", request.get("model").asText());
    assertEquals(3, request.get("maxTokens").asInt());
    assertEquals(
        "2.12",
        mapper.version().getMajorVersion() + "." + mapper.version().getMinorVersion(),
        "Jackson version at run time");
    String jar = ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertTrue(jar.contains("jackson-databind-@jackson.pinned.version@"), jar);
  }
}

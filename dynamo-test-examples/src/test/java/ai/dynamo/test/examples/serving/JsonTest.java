package ai.dynamo.test.examples.serving;

import static ai.dynamo.test.api.Lifecycle.PRE_COMMIT;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@Stage({PRE_COMMIT, PRE_MERGE})
@TestType(UNIT)
class JsonTest {

  @Test
  void parsesACompletionRequest() {
    Map<String, Object> body =
        Json.parseObject(
            "{\"model\": \"reverse-echo\", \"prompt\": \"say \\\"hi\\\"\\n\", \"max_tokens\": 8,"
                + " \"stop\": [\"\\n\"], \"echo\": false, \"user\": null}");

    assertThat(body)
        .containsEntry("prompt", "say \"hi\"\n")
        .containsEntry("max_tokens", new BigDecimal("8"))
        .containsEntry("stop", List.of("\n"))
        .containsEntry("echo", false)
        .containsEntry("user", null);
  }

  @Test
  void writesWhatItParses() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", "tab\tquote\" backslash\\ é");
    value.put("choices", List.of(Map.of("index", new BigDecimal("0"))));
    value.put("done", true);

    assertThat(Json.parseObject(Json.write(value))).isEqualTo(value);
  }

  @Test
  void saysWhereTheTextStopsBeingJson() {
    assertThatThrownBy(() -> Json.parseObject("{\"prompt\": \"hi\",}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid JSON at offset 16: expected a quoted member name");
    assertThatThrownBy(() -> Json.parseObject("[1, 2]"))
        .hasMessageContaining("Expected a JSON object");
  }
}

package example.jackson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The application's own JSON, read with the Jackson the project pins. */
public record CompletionRequest(String model, int maxTokens) {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** The request in {@code json}; {@code maxTokens} defaults to 16. */
  public static CompletionRequest parse(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return new CompletionRequest(node.get("model").asText(), node.path("maxTokens").asInt(16));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mapper's Jackson version, such as {@code 2.12}. */
  public static String jacksonVersion() {
    return MAPPER.version().getMajorVersion() + "." + MAPPER.version().getMinorVersion();
  }
}

package ai.dynamo.test.examples.serving;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the completions API: parses a document into {@code Map}, {@code List},
 * {@code String}, {@code BigDecimal}, {@code Boolean} and {@code null}, and writes those back.
 *
 * <pre>{@code
 * Map<String, Object> body = Json.parseObject("{\"prompt\": \"hi\", \"max_tokens\": 8}");
 * String text = Json.write(Map.of("text", "hi"));
 * }</pre>
 */
public final class Json {

  private final String text;
  private int position;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses a JSON object.
   *
   * @throws IllegalArgumentException when {@code text} is not one JSON object, saying where
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Json parser = new Json(text);
    Object value = parser.value();
    parser.skipWhitespace();
    if (parser.position != text.length()) {
      throw parser.error("unexpected text after the JSON value");
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("Expected a JSON object, got " + write(value));
    }
    return (Map<String, Object>) value;
  }

  /** {@code value} as JSON text. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null || value instanceof Boolean || value instanceof Number) {
      out.append(value);
    } else if (value instanceof CharSequence string) {
      out.append('"');
      string
          .chars()
          .forEach(
              c -> {
                switch (c) {
                  case '"' -> out.append("\\\"");
                  case '\\' -> out.append("\\\\");
                  case '\n' -> out.append("\\n");
                  case '\r' -> out.append("\\r");
                  case '\t' -> out.append("\\t");
                  default ->
                      out.append(c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c));
                }
              });
      out.append('"');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(separator);
        write(String.valueOf(entry.getKey()), out);
        out.append(':');
        write(entry.getValue(), out);
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON");
    }
  }

  private Object value() {
    skipWhitespace();
    if (position >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(position);
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"') {
      return string();
    }
    for (String literal : new String[] {"true", "false", "null"}) {
      if (text.startsWith(literal, position)) {
        position += literal.length();
        return literal.equals("null") ? null : Boolean.valueOf(literal);
      }
    }
    return number();
  }

  private Map<String, Object> object() {
    Map<String, Object> object = new LinkedHashMap<>();
    position++;
    skipWhitespace();
    if (peek('}')) {
      return object;
    }
    do {
      skipWhitespace();
      if (position >= text.length() || text.charAt(position) != '"') {
        throw error("expected a quoted member name");
      }
      String key = string();
      skipWhitespace();
      expect(':');
      object.put(key, value());
      skipWhitespace();
    } while (peek(','));
    expect('}');
    return object;
  }

  private List<Object> array() {
    List<Object> array = new ArrayList<>();
    position++;
    skipWhitespace();
    if (peek(']')) {
      return array;
    }
    do {
      array.add(value());
      skipWhitespace();
    } while (peek(','));
    expect(']');
    return array;
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    position++;
    while (position < text.length()) {
      char c = text.charAt(position++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (position >= text.length()) {
        break;
      }
      char escaped = text.charAt(position++);
      switch (escaped) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (position + 4 > text.length()) {
            throw error("incomplete \\u escape");
          }
          out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
          position += 4;
        }
        default -> out.append(escaped);
      }
    }
    throw error("unterminated string");
  }

  private BigDecimal number() {
    int start = position;
    while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
      position++;
    }
    try {
      return new BigDecimal(text.substring(start, position));
    } catch (NumberFormatException e) {
      position = start;
      throw error("expected a value");
    }
  }

  private boolean peek(char expected) {
    if (position < text.length() && text.charAt(position) == expected) {
      position++;
      return true;
    }
    return false;
  }

  private void expect(char expected) {
    if (!peek(expected)) {
      throw error("expected '" + expected + "'");
    }
  }

  private void skipWhitespace() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("Invalid JSON at offset " + position + ": " + problem);
  }
}

package ai.dynamo.test.engine.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${port.NAME}}, {@code ${port}}, {@code ${host}}, {@code ${bind}}, {@code
 * ${dataDir}} and {@code ${name}} in a recipe's text; an unknown placeholder is an error naming the
 * known ones.
 */
final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

  private final Map<String, String> values = new LinkedHashMap<>();
  private final String service;

  Placeholders(
      String service, String host, String bind, String dataDir, Map<String, Integer> ports) {
    this.service = service;
    values.put("name", service);
    values.put("host", host);
    values.put("bind", bind);
    values.put("dataDir", dataDir);
    ports.forEach((name, port) -> values.put("port." + name, String.valueOf(port)));
    ports.values().stream().findFirst().ifPresent(port -> values.put("port", String.valueOf(port)));
  }

  String apply(String text) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new ServiceStartException(
            "Service '"
                + service
                + "': unknown placeholder ${"
                + matcher.group(1)
                + "} in '"
                + text
                + "'. Known placeholders: "
                + values.keySet().stream().map(key -> "${" + key + "}").toList()
                + ".");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  List<String> apply(List<String> texts) {
    return texts.stream().map(this::apply).toList();
  }

  Map<String, String> apply(Map<String, String> texts) {
    Map<String, String> out = new LinkedHashMap<>();
    texts.forEach((key, value) -> out.put(key, apply(value)));
    return out;
  }
}

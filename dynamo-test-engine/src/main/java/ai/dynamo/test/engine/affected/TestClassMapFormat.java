package ai.dynamo.test.engine.affected;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file format of the test-to-class map: UTF-8 text, a header line, then per test class one
 * {@code test} line followed by one {@code reached} line per class it executed. Tab-separated;
 * class ids are JaCoCo's CRC64 of the class bytes, in hexadecimal.
 *
 * <pre>
 * # dynamo-affected 1
 * test	com.example.FooTests	9a3f…	1a2b…	1764000000000
 * reached	com.example.Foo	4c1d…
 * reached	com.example.Foo$Inner	77e0…
 * </pre>
 *
 * <p>The {@code test} line's fields are: the test class, its class id, the revision (empty when
 * unknown), the time recorded. A file whose first line is not the header, or with a line that does
 * not parse, is not a map file.
 */
final class TestClassMapFormat {

  static final String HEADER = "# dynamo-affected 1";

  private TestClassMapFormat() {}

  static String format(List<TestClassMap.Entry> entries) {
    StringBuilder text = new StringBuilder(64 + entries.size() * 256);
    text.append(HEADER).append('\n');
    for (TestClassMap.Entry entry : entries) {
      text.append("test\t")
          .append(entry.testClass())
          .append('\t')
          .append(Long.toHexString(entry.testClassId()))
          .append('\t')
          .append(entry.revision().replace('\t', ' ').replace('\n', ' ').replace('\r', ' '))
          .append('\t')
          .append(entry.epochMillis())
          .append('\n');
      entry
          .reached()
          .forEach(
              (name, id) ->
                  text.append("reached\t")
                      .append(name)
                      .append('\t')
                      .append(Long.toHexString(id))
                      .append('\n'));
    }
    return text.toString();
  }

  /**
   * Parses a whole file.
   *
   * @throws IllegalArgumentException naming the first line that is not part of a map
   */
  static List<TestClassMap.Entry> parse(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException("first line is not '" + HEADER + "'");
    }
    List<TestClassMap.Entry> entries = new ArrayList<>();
    String[] test = null;
    Map<String, Long> reached = null;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      try {
        if (fields[0].equals("test") && fields.length == 5) {
          if (test != null) {
            entries.add(entry(test, reached));
          }
          test = fields;
          reached = new LinkedHashMap<>();
        } else if (fields[0].equals("reached") && fields.length == 3 && test != null) {
          reached.put(fields[1], Long.parseUnsignedLong(fields[2], 16));
        } else {
          throw new IllegalArgumentException("unknown line");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " is not part of a map: " + e.getMessage());
      }
    }
    if (test != null) {
      entries.add(entry(test, reached));
    }
    return entries;
  }

  private static TestClassMap.Entry entry(String[] test, Map<String, Long> reached) {
    return new TestClassMap.Entry(
        test[1],
        Long.parseUnsignedLong(test[2], 16),
        test[3],
        Long.parseLong(test[4]),
        Map.copyOf(reached));
  }
}

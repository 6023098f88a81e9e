package ai.dynamo.test.engine.history;

import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The history file format: UTF-8 text, a header line, then one tab-separated record per line.
 *
 * <pre>
 * # dynamo-history 1
 * run	epochMillis	scope	key	millis	outcome	stages	kind	revision
 * 4f0c…	1764000000000	class	com.example.FooTest	1234	passed	pre-merge	unit	1a2b…
 * 4f0c…	1764000000000	test	com.example.FooTest#bar()	17	flaky			1a2b…
 * </pre>
 *
 * <p>The second line names the columns. Tabs and line breaks inside a field are written as spaces.
 * Empty trailing fields may be left out; a record of an unknown revision is written without its
 * last field. Files from before the {@code revision} column and the {@code flaky} outcome still
 * parse: their records have an unknown revision. A file whose first line is not the header, or with
 * a line that does not parse, is not a history file: the reader reports it and ignores all of it
 * (which is what readers from before this column do with newer files).
 */
final class HistoryFormat {

  static final String HEADER = "# dynamo-history 1";
  static final String COLUMNS =
      "run\tepochMillis\tscope\tkey\tmillis\toutcome\tstages\tkind\trevision";

  private HistoryFormat() {}

  static String format(List<HistoryRecord> records) {
    StringBuilder text = new StringBuilder(64 + records.size() * 96);
    text.append(HEADER).append('\n').append(COLUMNS).append('\n');
    for (HistoryRecord record : records) {
      text.append(clean(record.run()))
          .append('\t')
          .append(record.epochMillis())
          .append('\t')
          .append(record.scope().name().toLowerCase(Locale.ROOT))
          .append('\t')
          .append(clean(record.key()))
          .append('\t')
          .append(record.millis())
          .append('\t')
          .append(record.outcome().name().toLowerCase(Locale.ROOT))
          .append('\t')
          .append(clean(record.stages()))
          .append('\t')
          .append(clean(record.kind()));
      if (!record.revision().isEmpty()) {
        text.append('\t').append(clean(record.revision()));
      }
      text.append('\n');
    }
    return text.toString();
  }

  /**
   * Parses a whole file.
   *
   * @throws IllegalArgumentException naming the first line that is not history
   */
  static List<HistoryRecord> parse(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException("first line is not '" + HEADER + "'");
    }
    List<HistoryRecord> records = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      // Line 2 names the columns; files from before the revision column name one fewer.
      if (line.isEmpty() || (i == 1 && line.startsWith("run\tepochMillis\t"))) {
        continue;
      }
      try {
        records.add(parseLine(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " is not a record: " + e.getMessage());
      }
    }
    return records;
  }

  private static HistoryRecord parseLine(String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length < 6 || fields.length > 9) {
      throw new IllegalArgumentException(fields.length + " fields, expected 6 to 9");
    }
    long millis = Long.parseLong(fields[4]);
    if (millis < 0 || fields[3].isEmpty() || fields[0].isEmpty()) {
      throw new IllegalArgumentException("empty key or run, or negative duration");
    }
    return new HistoryRecord(
        fields[0],
        Long.parseLong(fields[1]),
        Scope.valueOf(fields[2].toUpperCase(Locale.ROOT)),
        fields[3],
        millis,
        Outcome.valueOf(fields[5].toUpperCase(Locale.ROOT)),
        fields.length > 6 ? fields[6] : "",
        fields.length > 7 ? fields[7] : "",
        fields.length > 8 ? fields[8] : "");
  }

  private static String clean(String field) {
    return field.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}

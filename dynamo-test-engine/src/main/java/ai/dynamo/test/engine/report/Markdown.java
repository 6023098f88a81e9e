package ai.dynamo.test.engine.report;

/**
 * Text placed into {@code summary.md}: on one line with its control characters visible ({@link
 * SafeText#visible}), and escaped for where it goes, so that no name or message can end a list
 * item, split a table row, open a code span or inject HTML.
 */
final class Markdown {

  /** The most characters of one text a table cell shows; longer text is cut with a marker. */
  static final int CELL_LIMIT = 200;

  private Markdown() {}

  /** Plain text inside a line: {@code \ ` | <} are backslash-escaped. */
  static String text(String text) {
    String line = SafeText.visible(text);
    StringBuilder out = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' || c == '`' || c == '|' || c == '<') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * An inline code span holding {@code text} literally: fenced by one backtick more than the
   * longest run of backticks inside it, padded with spaces when it starts or ends with one.
   */
  static String code(String text) {
    String line = SafeText.visible(text);
    int longest = 0;
    int run = 0;
    for (int i = 0; i < line.length(); i++) {
      run = line.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    boolean pad =
        line.startsWith("`")
            || line.endsWith("`")
            || (line.length() > 1 && line.startsWith(" ") && line.endsWith(" ") && !line.isBlank());
    String space = pad ? " " : "";
    return fence + space + line + space + fence;
  }

  /** Plain text in a table cell, cut to {@value #CELL_LIMIT} characters. */
  static String cell(String text) {
    return text(SafeText.truncated(SafeText.visible(text), CELL_LIMIT));
  }

  /**
   * A code span in a table cell, cut to {@value #CELL_LIMIT} characters; a {@code |} inside it is
   * escaped, which GitHub's tables require even within code.
   */
  static String codeCell(String text) {
    return code(SafeText.truncated(SafeText.visible(text), CELL_LIMIT)).replace("|", "\\|");
  }
}

package ai.dynamo.test.engine.report;

import java.util.Locale;

/**
 * Text every report file can hold, whatever a test put into its name or message: display names of
 * parameterized and dynamic tests, exception messages and skip reasons carry any {@code String},
 * including lone UTF-16 surrogates, NUL and other control characters, which {@code UTF-8} cannot
 * encode or which break a line of Markdown.
 */
final class SafeText {

  private static final int REPLACEMENT = 0xFFFD;

  private SafeText() {}

  /**
   * {@code text} with every lone UTF-16 surrogate replaced by U+FFFD, so that it encodes as UTF-8;
   * everything else, surrogate pairs (emoji) included, is kept.
   */
  static String wellFormed(String text) {
    if (text.codePoints().noneMatch(SafeText::isSurrogate)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(isSurrogate(c) ? REPLACEMENT : c));
    return out.toString();
  }

  /**
   * {@code text} on one line with nothing invisible that changes how it reads: a C0 control
   * character becomes its control picture ({@code ␀}, {@code ␊} for a line feed), a tab a space,
   * DEL {@code ␡}; C1 controls, the line and paragraph separators and the bidirectional embedding,
   * override and isolate controls are written as {@code \u202E}; a lone surrogate becomes U+FFFD.
   * Letters of right-to-left scripts are kept as they are.
   */
  static String visible(String text) {
    if (text.codePoints().noneMatch(c -> isSurrogate(c) || needsPicture(c))) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            c -> {
              if (isSurrogate(c)) {
                out.appendCodePoint(REPLACEMENT);
              } else if (c == '\t') {
                out.append(' ');
              } else if (c < 0x20) {
                out.appendCodePoint(0x2400 + c);
              } else if (c == 0x7F) {
                out.append('␡');
              } else if (needsPicture(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04X", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** The first {@code max} characters of {@code text}, fewer rather than half an emoji. */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }

  /**
   * {@code text} cut to {@code max} characters with an ellipsis and a marker that says how long it
   * is and where the rest is, for places that must stay short: a cell of a Markdown table.
   */
  static String truncated(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return cut(text, max)
        + "… [truncated: "
        + text.length()
        + " characters, the full text is in summary.json]";
  }

  private static boolean isSurrogate(int c) {
    return c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
  }

  private static boolean needsPicture(int c) {
    return c < 0x20
        || (c >= 0x7F && c <= 0x9F)
        || c == 0x2028
        || c == 0x2029
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }
}

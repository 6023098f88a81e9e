package ai.dynamo.test.engine.report;

/** Text made safe for {@code report.html}. */
final class Html {

  private Html() {}

  /**
   * {@code text} escaped for an HTML element's content or a quoted attribute value, on one line
   * with its control characters visible ({@link SafeText#visible}): no name or message can add
   * markup.
   */
  static String esc(String text) {
    return SafeText.visible(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** {@code text}, cut to {@code max} characters with an ellipsis when longer. */
  static String shorten(String text, int max) {
    return text.length() <= max ? text : SafeText.cut(text, max - 1) + "…";
  }
}

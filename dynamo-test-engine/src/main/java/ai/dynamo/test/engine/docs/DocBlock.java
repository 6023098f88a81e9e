package ai.dynamo.test.engine.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runnable code block of a Markdown page: a fenced block whose info string is a language followed
 * by {@value #MARKER} and optional {@code key=value} attributes.
 *
 * <pre>
 * ```sh dynamo-test stage=pre-merge type=integration timeout=60
 * ./bin/tool --version
 * ```
 * </pre>
 *
 * @param page the page, relative to the docs directory's parent: {@code docs/reports.md}
 * @param line the line of the opening fence, 1-based
 * @param language {@code sh}, {@code bash} or {@code java}
 * @param attributes the attributes after the marker
 * @param text the block's content
 */
record DocBlock(
    String page, int line, String language, Map<String, String> attributes, String text) {

  static final String MARKER = "dynamo-test";

  /** The runnable blocks of one page. */
  static List<DocBlock> parse(String page, List<String> lines) {
    List<DocBlock> blocks = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String trimmed = lines.get(i).strip();
      String fence = trimmed.startsWith("```") ? "```" : trimmed.startsWith("~~~") ? "~~~" : null;
      if (fence == null) {
        i++;
        continue;
      }
      String[] info = trimmed.substring(3).strip().split("\\s+");
      int start = i;
      StringBuilder text = new StringBuilder();
      i++;
      while (i < lines.size() && !lines.get(i).strip().startsWith(fence)) {
        text.append(lines.get(i)).append('\n');
        i++;
      }
      i++;
      if (info.length >= 2 && info[1].equals(MARKER)) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int a = 2; a < info.length; a++) {
          int equals = info[a].indexOf('=');
          if (equals > 0) {
            attributes.put(info[a].substring(0, equals), info[a].substring(equals + 1));
          }
        }
        blocks.add(new DocBlock(page, start + 1, info[0], attributes, text.toString()));
      }
    }
    return blocks;
  }

  /** {@code docs/reports.md:42 (sh)}, for display names and messages. */
  String describe() {
    return page + ":" + line + " (" + language + ")";
  }

  static String pageName(Path docsDir, Path page) {
    Path base = docsDir.toAbsolutePath().normalize();
    return (base.getFileName() == null ? "" : base.getFileName() + "/")
        + base.relativize(page.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }
}

package ai.dynamo.test.engine.catalog;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The pages and sections of a docs directory, as {@code @Tutorial} links name them: {@code
 * docs/reports.md} for a page, {@code docs/reports.md#dry-run} for a section, with the anchor
 * GitHub gives the heading.
 */
@API(status = INTERNAL, since = "0.1")
public final class DocSections {

  private DocSections() {}

  /** Every Markdown page under {@code docsDir}, each followed by its sections, sorted by page. */
  public static List<String> scan(Path docsDir) {
    if (!Files.isDirectory(docsDir)) {
      throw new ConfigurationException(
          "Invalid "
              + Constants.DOCS_DIR
              + "="
              + docsDir
              + ": no such directory (resolved to "
              + docsDir.toAbsolutePath().normalize()
              + "). Name the directory that holds the Markdown docs.");
    }
    Path base = docsDir.toAbsolutePath().normalize();
    String prefix = base.getFileName() == null ? "" : base.getFileName() + "/";
    List<String> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(base)) {
      for (Path page : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        String name = prefix + base.relativize(page).toString().replace('\\', '/');
        entries.add(name);
        // Level-1 headings title the page, which has an entry of its own.
        List<String> lines = Files.readAllLines(page);
        List<String> anchors = anchors(lines);
        List<Integer> levels = levels(lines);
        for (int i = 0; i < anchors.size(); i++) {
          if (levels.get(i) > 1) {
            entries.add(name + "#" + anchors.get(i));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the docs under " + docsDir, e);
    }
    return entries;
  }

  /** The levels of the headings of a page, in the order of {@link #anchors}. */
  static List<Integer> levels(List<String> lines) {
    List<Integer> levels = new ArrayList<>();
    boolean fenced = false;
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        fenced = !fenced;
      } else if (!fenced && trimmed.matches("#{1,6}\\s+.*")) {
        levels.add(trimmed.length() - trimmed.replaceFirst("^#+", "").length());
      }
    }
    return levels;
  }

  /**
   * The anchors of the headings of a page, outside fenced code blocks, made unique as GitHub does.
   */
  static List<String> anchors(List<String> lines) {
    List<String> anchors = new ArrayList<>();
    boolean fenced = false;
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      if (fenced || !trimmed.startsWith("#")) {
        continue;
      }
      String text = trimmed.replaceFirst("^#{1,6}\\s+", "");
      if (text.equals(trimmed)) {
        continue;
      }
      String anchor = anchor(text);
      String unique = anchor;
      for (int n = 1; anchors.contains(unique); n++) {
        unique = anchor + "-" + n;
      }
      anchors.add(unique);
    }
    return anchors;
  }

  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
  static String anchor(String heading) {
    return heading
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
        .replace(' ', '-');
  }
}

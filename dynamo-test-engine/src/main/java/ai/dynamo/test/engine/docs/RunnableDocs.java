package ai.dynamo.test.engine.docs;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.labels.LabelNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * Turns the runnable code blocks of Markdown docs into dynamic tests, so that the commands and
 * snippets people copy from the docs are tested. A block is runnable when its info string is a
 * language followed by {@code dynamo-test} and optional attributes:
 *
 * <pre>
 * ```sh dynamo-test stage=pre-merge type=integration timeout=60
 * ./bin/tool --version
 * ```
 * </pre>
 *
 * <p>Shell blocks ({@code sh}, {@code bash}) run with {@code bash -e} in a new temporary directory,
 * or with {@code dir=copy} in a copy of the page's directory (without {@code target/} and {@code
 * .git/}: for commands that build the project, such as a README's), and must exit 0 within {@code
 * timeout} seconds (default 120); a failure shows the block's output. Java blocks compile against
 * the test class path; a block that declares no type is compiled as the body of a method. A block's
 * {@code stage} and {@code type} attributes (comma separated) are checked against {@code
 * dynamo.stage} and {@code dynamo.type}: a block outside the selection is reported as aborted, with
 * the reason.
 *
 * <pre>{@code
 * @Stage({PRE_MERGE, NIGHTLY})
 * @TestType(INTEGRATION)
 * @ExtendWith(RunnableDocsExtension.class)
 * class DocsTest {
 *   @TestFactory
 *   Stream<DynamicTest> docs(RunnableDocs docs) {
 *     return docs.under(Path.of("../docs"));
 *   }
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RunnableDocs {

  private final DynamoConfiguration configuration;

  RunnableDocs(DynamoConfiguration configuration) {
    this.configuration = configuration;
  }

  /** One dynamic test per runnable block of every Markdown page under {@code docsDir}. */
  public Stream<DynamicTest> under(Path docsDir) {
    if (!Files.isDirectory(docsDir)) {
      throw new ConfigurationException(
          "No docs directory at "
              + docsDir.toAbsolutePath().normalize()
              + ": name the directory that holds the Markdown pages.");
    }
    List<Path> pages;
    try (Stream<Path> walk = Files.walk(docsDir)) {
      pages = walk.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the docs under " + docsDir, e);
    }
    return pages.stream().flatMap(page -> tests(DocBlock.pageName(docsDir, page), page));
  }

  /**
   * One dynamic test per runnable block of one page, such as a project's {@code README.md}, named
   * by the page's file name.
   */
  public Stream<DynamicTest> page(Path page) {
    if (!Files.isRegularFile(page)) {
      throw new ConfigurationException(
          "No Markdown page at " + page.toAbsolutePath().normalize() + ": name an existing file.");
    }
    return tests(page.getFileName().toString(), page);
  }

  private Stream<DynamicTest> tests(String name, Path page) {
    List<DocBlock> blocks;
    try {
      blocks = DocBlock.parse(name, Files.readAllLines(page));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + page, e);
    }
    Path pageDirectory = page.toAbsolutePath().normalize().getParent();
    return blocks.stream()
        .map(
            block ->
                DynamicTest.dynamicTest(
                    block.describe() + labels(block),
                    URI.create(page.toAbsolutePath().normalize().toUri() + "?line=" + block.line()),
                    () -> {
                      checkSelected(block);
                      BlockRunner.run(block, pageDirectory);
                    }));
  }

  private static String labels(DocBlock block) {
    String stage = block.attributes().get("stage");
    String type = block.attributes().get("type");
    return (stage == null ? "" : " stage=" + stage) + (type == null ? "" : " type=" + type);
  }

  private void checkSelected(DocBlock block) {
    check(block, "stage", Lifecycle.class, configuration.stages(), "dynamo.stage");
    check(block, "type", TestKind.class, configuration.kinds(), "dynamo.type");
  }

  private static <E extends Enum<E>> void check(
      DocBlock block, String attribute, Class<E> type, Set<E> selected, String key) {
    String value = block.attributes().get(attribute);
    if (value == null || selected.isEmpty()) {
      return;
    }
    List<E> declared = new ArrayList<>();
    for (String name : value.split(",")) {
      declared.add(
          LabelNames.parse(type, name)
              .orElseThrow(
                  () ->
                      new ConfigurationException(
                          block.describe()
                              + ": unknown "
                              + attribute
                              + " '"
                              + name
                              + "'. Valid values: "
                              + LabelNames.all(type)
                              + ".")));
    }
    if (declared.stream().noneMatch(selected::contains)) {
      throw new TestAbortedException(
          block.describe() + " is in " + attribute + " " + value + ", not selected by " + key);
    }
  }
}

package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.report.ReportTestSupport.launch;
import static ai.dynamo.test.engine.report.ReportTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.labels.RequirementSpec;
import ai.dynamo.test.engine.labels.TestLabels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a test puts into its name, parameters or message, the run's three reports are written:
 * {@code summary.json} is valid UTF-8 that validates against its schema and keeps the full text
 * (lone surrogates become U+FFFD), {@code summary.md} keeps every name on its line and every table
 * row in its cells, and {@code report.html} shows the text and runs none of it.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("run-summary")
@Feature("reports-directory")
@Tutorial("docs/reports.md#unusual-names-and-messages-and-a-report-that-cannot-be-written")
class HardCharactersInReportsTests {

  /**
   * The texts that broke or could break a report, each with how each report shows it.
   *
   * @param raw what the test puts into its name and failure message
   * @param json how {@code summary.json} holds it
   * @param markdownCode how a Markdown code span (a name) shows it
   * @param markdownText how Markdown plain text (a message) shows it
   * @param html how {@code report.html} shows it
   * @param sleepMillis how long the fixture test runs: the five slowest reach the Markdown table
   */
  enum Hard {
    LONE_HIGH_SURROGATE(
        "before\uD800after, last \uD83D",
        "before\uFFFDafter, last \uFFFD",
        "before\uFFFDafter, last \uFFFD",
        "before\uFFFDafter, last \uFFFD",
        "before\uFFFDafter, last \uFFFD",
        0),
    LONE_LOW_SURROGATE(
        "\uDC00first, in\uDE00side",
        "\uFFFDfirst, in\uFFFDside",
        "\uFFFDfirst, in\uFFFDside",
        "\uFFFDfirst, in\uFFFDside",
        "\uFFFDfirst, in\uFFFDside",
        0),
    NUL("nul\u0000here", "nul\u0000here", "nul␀here", "nul␀here", "nul␀here", 0),
    C0_CONTROLS(
        "bell\u0007 escape\u001B[31m red\u001B[0m",
        "bell\u0007 escape\u001B[31m red\u001B[0m",
        "bell␇ escape␛[31m red␛[0m",
        "bell␇ escape␛[31m red␛[0m",
        "bell␇ escape␛[31m red␛[0m",
        0),
    C1_CONTROLS(
        "next\u0085line csi\u009B2J",
        "next\u0085line csi\u009B2J",
        "next\\u0085line csi\\u009B2J",
        "next\\\\u0085line csi\\\\u009B2J",
        "next\\u0085line csi\\u009B2J",
        0),
    RIGHT_TO_LEFT(
        "שלום עולם and مرحبا بالعالم",
        "שלום עולם and مرحبا بالعالم",
        "שלום עולם and مرحبا بالعالم",
        "שלום עולם and مرحبا بالعالم",
        "שלום עולם and مرحبا بالعالم",
        0),
    BIDI_CONTROLS(
        "invoice\u202Egnp.exe \u2066isolated\u2069",
        "invoice\u202Egnp.exe \u2066isolated\u2069",
        "invoice\\u202Egnp.exe \\u2066isolated\\u2069",
        "invoice\\\\u202Egnp.exe \\\\u2066isolated\\\\u2069",
        "invoice\\u202Egnp.exe \\u2066isolated\\u2069",
        0),
    EMOJI(
        "rocket 🚀 test tube 🧪 scientist 👩‍🔬 flag 🇯🇵",
        "rocket 🚀 test tube 🧪 scientist 👩‍🔬 flag 🇯🇵",
        "rocket 🚀 test tube 🧪 scientist 👩‍🔬 flag 🇯🇵",
        "rocket 🚀 test tube 🧪 scientist 👩‍🔬 flag 🇯🇵",
        "rocket 🚀 test tube 🧪 scientist 👩‍🔬 flag 🇯🇵",
        0),
    LONG(
        "long " + "x".repeat(10_000),
        "long " + "x".repeat(10_000),
        "long " + "x".repeat(10_000),
        "long " + "x".repeat(10_000),
        "long " + "x".repeat(10_000),
        150),
    PIPE("a | b || c", "a | b || c", "a | b || c", "a \\| b \\|\\| c", "a | b || c", 130),
    BACKTICKS(
        "`tick` and ``double``",
        "`tick` and ``double``",
        "`tick` and ``double``",
        "\\`tick\\` and \\`\\`double\\`\\`",
        "`tick` and ``double``",
        110),
    NEWLINES(
        "first line\nsecond line\r\nthird\u2028fourth",
        "first line\nsecond line\r\nthird\u2028fourth",
        "first line␊second line␍␊third\\u2028fourth",
        "first line",
        "first line␊second line␍␊third\\u2028fourth",
        70),
    SCRIPT(
        "<script>document.documentElement.dataset.injected='script'</script>"
            + "<img src=x onerror=\"document.documentElement.dataset.injected='img'\">",
        "<script>document.documentElement.dataset.injected='script'</script>"
            + "<img src=x onerror=\"document.documentElement.dataset.injected='img'\">",
        "<script>document.documentElement.dataset.injected='script'</script>"
            + "<img src=x onerror=\"document.documentElement.dataset.injected='img'\">",
        "\\<script>document.documentElement.dataset.injected='script'\\</script>"
            + "\\<img src=x onerror=\"document.documentElement.dataset.injected='img'\">",
        "&lt;script&gt;document.documentElement.dataset.injected='script'&lt;/script&gt;"
            + "&lt;img src=x onerror=&quot;document.documentElement.dataset.injected='img'&quot;&gt;",
        90);

    final String raw;
    final String json;
    final String markdownCode;
    final String markdownText;
    final String html;
    final long sleepMillis;

    Hard(
        String raw,
        String json,
        String markdownCode,
        String markdownText,
        String html,
        long sleepMillis) {
      this.raw = raw;
      this.json = json;
      this.markdownCode = markdownCode;
      this.markdownText = markdownText;
      this.html = html;
      this.sleepMillis = sleepMillis;
    }

    /** The dynamic test's display name, and the start of its failure message. */
    String label() {
      return name() + ": " + raw;
    }
  }

  static final String DISABLED_REASON = "disabled | for `reasons` <b>bold</b>\u0000\uD800";

  /** Tests named with every hard text, each failing with it; never run on their own. */
  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class HardNames {

    @TestFactory
    Stream<DynamicTest> failsUnderAHardName() {
      return Arrays.stream(Hard.values())
          .map(
              hard ->
                  dynamicTest(
                      hard.label(),
                      () -> {
                        Thread.sleep(hard.sleepMillis);
                        throw new AssertionError(hard.label());
                      }));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("texts")
    void passesWithAHardParameter(String text) {}

    static Stream<String> texts() {
      return Arrays.stream(Hard.values()).map(hard -> hard.raw);
    }

    @Test
    @DisplayName("display | name ` with <script>alert(1)</script> \u0000 and \uD800")
    void hasAHardDisplayName() {}

    @Test
    @Disabled(DISABLED_REASON)
    void isDisabledForAHardReason() {}
  }

  static final String FAILS = HardNames.class.getName() + "#failsUnderAHardName() ";

  @TempDir static Path reports;

  @BeforeAll
  static void runTheHardNames() {
    launch(reports, Map.of("dynamo.history", "off"), HardNames.class);
  }

  static String file(Path dir, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(dir.resolve(name));
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError(name + " is not valid UTF-8", e);
    }
  }

  @Test
  void writesEveryReportAsValidUtf8AndTheJsonValidAgainstItsSchema() throws IOException {
    String json = file(reports, "summary.json");
    file(reports, "summary.md");
    file(reports, "report.html");

    assertThat(violations("summary.schema.json", json)).isEmpty();
    Summary summary = ReportJson.read(json, Summary.class);
    assertThat(summary.totals().failed()).isEqualTo(Hard.values().length);
    assertThat(summary.totals().passed()).isEqualTo(Hard.values().length + 1);
    assertThat(summary.totals().skipped()).isOne();
  }

  /**
   * Whether JUnit handed the engine {@code hard}'s dynamic test name as written. JUnit 6 rewrites
   * control characters in display names; the name checks then have nothing of ours to check, and
   * the same text still reaches every report through the failure message, which JUnit leaves alone.
   */
  static boolean nameKeptAsIs(Hard hard) throws IOException {
    Summary summary = ReportJson.read(file(reports, "summary.json"), Summary.class);
    return summary.tests().stream()
        .anyMatch(test -> test.name().equals(FAILS + hard.name() + ": " + hard.json));
  }

  @ParameterizedTest
  @EnumSource(Hard.class)
  void keepsTheFullTextInSummaryJson(Hard hard) throws IOException {
    Summary summary = ReportJson.read(file(reports, "summary.json"), Summary.class);

    assertThat(summary.tests())
        .filteredOn(
            test -> test.message().equals("AssertionError: " + hard.name() + ": " + hard.json))
        .singleElement()
        .satisfies(
            test -> {
              if (nameKeptAsIs(hard)) {
                assertThat(test.name()).isEqualTo(FAILS + hard.name() + ": " + hard.json);
              }
            });
  }

  @ParameterizedTest
  @EnumSource(Hard.class)
  void listsTheFailureOnOneMarkdownLine(Hard hard) throws IOException {
    List<String> failures = section(file(reports, "summary.md"), "## Failures");

    assertThat(failures)
        .filteredOn(line -> line.contains(hard.name() + ": "))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains(nameKeptAsIs(hard) ? hard.name() + ": " + hard.markdownCode : "- `")
                    .endsWith(
                        "(failed, pre-merge unit): AssertionError: "
                            + hard.name()
                            + ": "
                            + (hard == Hard.LONG
                                ? hard.markdownText.substring(
                                        0,
                                        ReportText.MESSAGE_LIMIT
                                            - "AssertionError: LONG: ".length())
                                    + "…"
                                : hard.markdownText)));
  }

  @Test
  void keepsEachMarkdownListItemAndTableRowWhole() throws IOException {
    String md = file(reports, "summary.md");

    assertThat(section(md, "## Failures"))
        .hasSize(Hard.values().length)
        .allMatch(line -> line.startsWith("- "));
    assertThat(md).doesNotContainPattern("[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F]");
    for (List<String> table : tables(md)) {
      int columns = cells(table.get(0));
      assertThat(table).allSatisfy(row -> assertThat(cells(row)).as(row).isEqualTo(columns));
    }
    assertThat(md)
        .contains(
            "- disabled \\| for \\`reasons\\` \\<b>bold\\</b>␀\uFFFD (1)\n  - `"
                + HardNames.class.getName()
                + "#isDisabledForAHardReason()`");
  }

  @ParameterizedTest
  @EnumSource(
      value = Hard.class,
      names = {"LONG", "PIPE", "BACKTICKS", "SCRIPT", "NEWLINES"})
  void escapesAndShortensNamesInMarkdownTableCells(Hard hard) throws IOException {
    assumeTrue(nameKeptAsIs(hard), "this JUnit rewrites the control characters of the name");
    List<String> slowest = section(file(reports, "summary.md"), "## Slowest tests");

    String expected =
        switch (hard) {
          case LONG ->
              "| `"
                  + (FAILS + "LONG: long " + "x".repeat(10_000)).substring(0, Markdown.CELL_LIMIT)
                  + "… [truncated: "
                  + (FAILS.length() + "LONG: long ".length() + 10_000)
                  + " characters, the full text is in summary.json]` | unit |";
          case PIPE -> "| `" + FAILS + "PIPE: a \\| b \\|\\| c` | unit |";
          case BACKTICKS -> "| ``` " + FAILS + "BACKTICKS: `tick` and ``double`` ``` | unit |";
          case SCRIPT ->
              "| `"
                  + (FAILS + "SCRIPT: " + hard.markdownCode).substring(0, Markdown.CELL_LIMIT)
                  + "… [truncated: "
                  + (FAILS.length() + "SCRIPT: ".length() + hard.raw.length())
                  + " characters, the full text is in summary.json]` | unit |";
          case NEWLINES -> "| `" + FAILS + "NEWLINES: " + hard.markdownCode + "` | unit |";
          default -> throw new IllegalArgumentException(hard.name());
        };
    assertThat(slowest).anySatisfy(row -> assertThat(row).startsWith(expected));
  }

  @ParameterizedTest
  @EnumSource(Hard.class)
  void showsTheTextEscapedInReportHtml(Hard hard) throws IOException {
    String html = file(reports, "report.html");

    if (nameKeptAsIs(hard)) {
      assertThat(html).contains("<code>" + FAILS + hard.name() + ": " + hard.html + "</code>");
    }
    assertThat(html).contains("<div class=\"msg\">AssertionError: " + hard.name() + ": ");
    // Only the page's own script: none came in with a name or message.
    assertThat(html.split("<script>", -1)).hasSize(2);
    assertThat(html).doesNotContain("<img");
  }

  /**
   * The lines of the section under {@code heading} up to the next heading, blank lines left out.
   */
  static List<String> section(String md, String heading) {
    List<String> lines = md.lines().toList();
    int start =
        lines.indexOf(
            lines.stream()
                .filter(line -> line.startsWith(heading))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no section " + heading)));
    List<String> section = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      if (!line.isBlank()) {
        section.add(line);
      }
    }
    return section;
  }

  /** Every table of {@code md}: its header row, its rows, without the delimiter row. */
  static List<List<String>> tables(String md) {
    List<List<String>> tables = new ArrayList<>();
    List<String> current = null;
    for (String line : md.lines().toList()) {
      if (!line.startsWith("|")) {
        current = null;
      } else if (current == null) {
        current = new ArrayList<>(List.of(line));
        tables.add(current);
      } else if (!line.startsWith("|---")) {
        current.add(line);
      }
    }
    return tables;
  }

  /** The cells of a table row, as GitHub counts them: pipes not escaped by a backslash. */
  static int cells(String row) {
    int pipes = 0;
    for (int i = 0; i < row.length(); i++) {
      if (row.charAt(i) == '\\') {
        i++;
      } else if (row.charAt(i) == '|') {
        pipes++;
      }
    }
    return pipes - 1;
  }

  /** One run with every hard text, summarized without the engine, for the golden files. */
  static Summary hardRun() {
    TestLabels unit =
        new TestLabels(Set.of(PRE_MERGE), Optional.of(UNIT), RequirementSpec.NONE, Set.of());
    List<TestRecord> records = new ArrayList<>();
    for (Hard hard : Hard.values()) {
      String name = "com.example.HardTest#named(String) " + hard.label();
      records.add(
          new TestRecord(
              name,
              "com.example.HardTest#named(String)",
              "com.example.HardTest",
              unit,
              Outcome.FAILED,
              "AssertionError: " + hard.raw,
              hard.sleepMillis));
      records.add(
          new TestRecord(
              name + " (skipped)",
              "com.example.HardTest#named(String)",
              "com.example.HardTest",
              unit,
              Outcome.SKIPPED,
              hard.raw,
              0));
    }
    return SummaryBuilder.build(
        null,
        records,
        null,
        "dynamo.stage=pre-merge",
        false,
        Instant.parse("2026-01-02T03:04:05Z"),
        2345,
        SummaryBuilder.BudgetSetting.NONE,
        SummaryBuilder.codeCoverage(null, Map.of()),
        List.of());
  }

  @Test
  void writesTheReportsOfAFixedRunWithEveryHardTextAsTheGoldenFilesShow(@TempDir Path dir)
      throws IOException {
    ReportFiles.Written written = ReportFiles.write(dir, hardRun(), null);

    assertThat(written.failures()).isEmpty();
    for (String name : List.of("summary.md", "summary.json", "report.html")) {
      SummaryGoldenTests.assertMatchesGolden("hard-characters/" + name, file(dir, name));
    }
    assertThat(violations("summary.schema.json", file(dir, "summary.json"))).isEmpty();
  }
}

package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} rendered by a real headless Chromium (Debian's {@code chromium} package): its
 * script runs to the end without errors, its charts are drawn, and a screenshot is saved as {@code
 * target/chromium/report.png} for people to look at.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("html-report")
@Requires(commands = "chromium")
class HtmlReportInChromiumTests {

  private static final Path OUT = Path.of("target", "chromium");
  private static Path page;

  @TempDir static Path profile;

  @BeforeAll
  static void writeTheReportOfAFixedRun() throws IOException {
    Files.createDirectories(OUT);
    page = OUT.resolve("report.html").toAbsolutePath();
    Files.writeString(page, HtmlReport.render(SummaryGoldenTests.fixedRun()));
  }

  private static Chromium.Result chromium(String... action)
      throws IOException, InterruptedException {
    return Chromium.open(profile, page, action);
  }

  @Test
  void runsItsScriptWithoutConsoleErrorsAndDrawsEveryChart() throws Exception {
    Chromium.Result result = chromium("--dump-dom");

    assertThat(result.exit()).as(result.stderr()).isZero();
    assertThat(result.consoleMessages()).isEmpty();
    String dom = result.stdout();
    // The script sets data-ready as its last statement: it ran to the end.
    assertThat(dom).contains("<html lang=\"en\" data-ready=\"true\">");
    assertThat(dom).contains("<svg id=\"chart-durations\"", "<svg id=\"chart-outcomes\"");
    assertThat(dom).contains("<svg id=\"chart-matrix\"", "<svg id=\"chart-budget\"");
    // Four classes; four stage × type cells.
    assertThat(dom.split("<g class=\"bar\">", -1)).hasSize(5);
    assertThat(dom.split("<g class=\"cell\">", -1)).hasSize(5);
    assertThat(dom)
        .contains(
            "class=\"segment-failed\"", "class=\"segment-aborted\"", "class=\"segment-flaky\"");
    for (String chart : List.of("durations", "outcomes", "matrix", "budget", "coverage")) {
      assertThat(dom).containsPattern("<svg id=\"chart-" + chart + "\"[^>]*data-drawn=\"true\"");
    }
  }

  @Test
  void drawsTheCodeCoverageOfEachTypeAndCombinedWithTheMinimums() throws Exception {
    String dom = chromium("--dump-dom").stdout();

    // unit, integration, e2e and combined; each a lines bar and a branches bar.
    assertThat(dom.split("<g class=\"coverage-bar\">", -1)).hasSize(5);
    assertThat(dom)
        .contains("<title>unit: 50.0% lines (40/80), 25.0% branches (10/40)</title>")
        .contains("<title>combined: 87.5% lines (70/80), 75.0% branches (30/40)</title>");
    // unit is below its minimum of 80%: its bar is red; e2e (37.5% over 25%) is not.
    assertThat(dom)
        .containsPattern("unit</text><rect class=\"lines\" [^>]*fill=\"#c62828\"")
        .containsPattern("e2e</text><rect class=\"lines\" [^>]*fill=\"#1565c0\"");
    assertThat(dom.split("<line class=\"minimum\"", -1)).hasSize(3);
    assertThat(dom)
        .contains("<table id=\"code-coverage\"", "<table id=\"flaky\"", "<table id=\"budget\"");
  }

  @Test
  void showsHardCharactersAsTextAndRunsNoScriptFromANameOrMessage(@TempDir Path reports)
      throws Exception {
    ReportTestSupport.launch(
        reports, Map.of("dynamo.history", "off"), HardCharactersInReportsTests.HardNames.class);

    Chromium.Result result = Chromium.open(profile, reports.resolve("report.html"), "--dump-dom");

    assertThat(result.exit()).as(result.stderr()).isZero();
    assertThat(result.consoleMessages()).isEmpty();
    String dom = result.stdout();
    // The page's own script ran to the end; the names' <script> and onerror did not run.
    assertThat(dom)
        .contains("<html lang=\"en\" data-ready=\"true\">")
        .doesNotContain("data-injected");
    assertThat(dom)
        .contains("SCRIPT: &lt;script&gt;document.documentElement.dataset.injected='script'")
        .contains("NUL: nul␀here", "EMOJI: rocket 🚀", "RIGHT_TO_LEFT: שלום עולם");
    // One row per failed dynamic test (13), one for the 13 passed parameterized invocations
    // together, 2 more.
    String tests = dom.substring(dom.indexOf("<table id=\"tests\""));
    tests = tests.substring(0, tests.indexOf("</table>"));
    assertThat(tests.split("<tr>", -1)).hasSize(1 + 1 + 13 + 1 + 2);
    assertThat(tests)
        .contains("passesWithAHardParameter(String)</code> <span class=\"meta\">13 invocations");
  }

  @Test
  void savesAScreenshotOfTheRenderedPage() throws Exception {
    Path screenshot = OUT.resolve("report.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);

    Chromium.Result result = chromium("--screenshot=" + screenshot, "--hide-scrollbars");

    assertThat(result.exit()).as(result.stderr()).isZero();
    byte[] png = Files.readAllBytes(screenshot);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    // A blank page of that size compresses to a few kilobytes; charts and tables do not.
    assertThat(png.length).isGreaterThan(20_000);
  }
}

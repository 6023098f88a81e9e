package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each report file is written on its own: one that cannot be written costs only itself. */
@Stage(PRE_MERGE)
@TestType(UNIT)
@Feature("reports-directory")
@Tutorial("docs/reports.md#unusual-names-and-messages-and-a-report-that-cannot-be-written")
class ReportFilesTests {

  @TempDir Path reports;

  @Test
  void writesTheOtherReportsWhenADirectoryStandsWhereOneGoes() throws IOException {
    Files.createDirectories(reports.resolve("summary.md").resolve("in-the-way"));

    ReportFiles.Written written = ReportFiles.write(reports, SummaryGoldenTests.fixedRun(), null);

    assertThat(written.written())
        .containsExactly(reports.resolve("summary.json"), reports.resolve("report.html"));
    assertThat(reports.resolve("summary.json")).isNotEmptyFile();
    assertThat(reports.resolve("report.html")).isNotEmptyFile();
    assertThat(written.failures())
        .singleElement()
        .satisfies(
            failure -> {
              assertThat(failure.file()).isEqualTo(reports.resolve("summary.md"));
              assertThat(failure.cause()).isInstanceOf(FileSystemException.class);
            });
  }

  @Test
  void describesTheFileTheExceptionAndItsRootCauseOnOneLine() {
    ReportFiles.Failure failure =
        new ReportFiles.Failure(
            Path.of("/reports/summary.json"),
            new UncheckedIOException(
                "Could not render the summary.",
                new IOException("Could not encode.", new MalformedInputException(1))));

    assertThat(failure.describe())
        .isEqualTo(
            "Could not write the report /reports/summary.json: java.io.UncheckedIOException,"
                + " root cause java.nio.charset.MalformedInputException: Input length = 1.");
  }
}

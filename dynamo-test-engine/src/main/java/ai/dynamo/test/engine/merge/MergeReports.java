package ai.dynamo.test.engine.merge;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.report.ReportFiles;
import ai.dynamo.test.engine.report.Summary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Merges the reports of the shard runs of one stage ({@code dynamo.shard=1/n} to {@code n/n}, each
 * job's {@code target/dynamo}) into one reports directory, as one unsharded run of the stage would
 * have written it: {@code summary.json}, {@code summary.md}, {@code report.html}, {@code plan.json}
 * and the coverage by type over every shard's exec data.
 *
 * <pre>
 * java -cp "$(cat cp.txt)" ai.dynamo.test.engine.merge.MergeReports \
 *     --inputs 'shards/*&#47;target/dynamo' --output target/dynamo-merged
 * </pre>
 *
 * <p>With {@code --junit-xml pytest:<file>,nextest:<file>} it also merges the JUnit XML reports of
 * other runners, their tests given stages, types and requirements by the {@code --foreign-rules}
 * file (see {@link ForeignTests}), so one summary covers every language of a product.
 *
 * <p>It refuses, naming them, inputs that do not belong together: another selection, another
 * revision, another number of shards, a shard given twice, or a shard missing; {@code --partial}
 * merges a set with missing shards, and the merged report then says which it lacks. Exit status 0
 * when merged, 1 when the inputs were refused or could not be read, 2 for a bad command line.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MergeReports {

  /** Exit status when the inputs were refused or the reports could not be read or written. */
  static final int REFUSED = 1;

  /** Exit status for an unknown option or a missing value. */
  static final int USAGE = 2;

  private MergeReports() {}

  /** Merges as the command line says, and exits with a non-zero status when it cannot. */
  public static void main(String[] args) {
    int status = run(args, Path.of(""), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Merges as {@code args} say, relative paths resolved against {@code base}, and returns the exit
   * status.
   */
  @API(status = API.Status.INTERNAL, since = "0.1")
  public static int run(String[] args, Path base, PrintStream out, PrintStream err) {
    MergeOptions options;
    try {
      options = MergeOptions.parse(args);
    } catch (MergeOptions.BadOption e) {
      err.println("[dynamo] ERROR: " + e.getMessage());
      return USAGE;
    }
    if (options.help()) {
      out.print(MergeOptions.USAGE);
      return 0;
    }
    ForeignTests foreign;
    try {
      foreign =
          options.junitXml().isEmpty()
              ? ForeignTests.NONE
              : ForeignTests.read(options.junitXml(), options.foreignRules(), base);
    } catch (ConfigurationException e) {
      err.println("[dynamo] ERROR: " + e.getMessage());
      return USAGE;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("[dynamo] ERROR: " + e.getMessage());
      return REFUSED;
    }
    try {
      List<Path> inputs = InputGlobs.expand(options.inputs(), base);
      ShardReports reports = ShardReports.read(inputs, options.partial());
      Path output = base.resolve(options.output()).normalize();
      for (Path input : inputs) {
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath())) {
          throw new MergeRefused(
              "Cannot merge into "
                  + ShardReports.name(output)
                  + ": it is one of the inputs; give another --output.");
        }
      }
      List<String> warnings = new ArrayList<>();
      Summary.CodeCoverage coverage =
          CoverageMerger.merge(
              reports, output, options.classes().stream().map(base::resolve).toList(), warnings);
      Summary summary = SummaryMerger.merge(reports, coverage, foreign);
      if (options.history() != null) {
        summary =
            SummaryMerger.withFlipCandidates(
                summary,
                HistoryMerger.settle(base.resolve(options.history()), summary, warnings::add));
      }
      Plan plan = SummaryMerger.mergePlans(reports, foreign);
      ReportFiles.Written written = ReportFiles.write(output, summary, plan);
      if (!foreign.isEmpty()) {
        writeUnclassified(output.resolve(ForeignTests.UNCLASSIFIED_FILE), foreign, options);
      }
      written.failures().forEach(failure -> err.println("[dynamo] " + failure.describe()));
      warnings.forEach(warning -> err.println("[dynamo] WARNING: " + warning));
      out.println(describe(summary, reports, output, written));
      return written.failures().isEmpty() ? 0 : REFUSED;
    } catch (MergeRefused e) {
      err.println("[dynamo] ERROR: " + e.getMessage());
      return REFUSED;
    } catch (UncheckedIOException e) {
      err.println("[dynamo] ERROR: " + e.getMessage());
      return REFUSED;
    }
  }

  /**
   * Lists the tests of other runners the rules did not classify, and the markers they do not map:
   * never dropped silently. Written even when empty, so a CI step can always show it.
   */
  private static void writeUnclassified(Path file, ForeignTests foreign, MergeOptions options) {
    StringBuilder text =
        new StringBuilder(
            "# Tests of other runners without a stage or a type, and markers no rule maps ("
                + (options.foreignRules() == null
                    ? "no " + MergeOptions.FOREIGN_RULES + " given"
                    : MergeOptions.FOREIGN_RULES + " " + options.foreignRules())
                + ").\n");
    foreign.unclassified().forEach(line -> text.append(line).append('\n'));
    try {
      Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file, e);
    }
  }

  private static String describe(
      Summary summary, ShardReports reports, Path output, ReportFiles.Written written) {
    Summary.Counts totals = summary.totals();
    Summary.Merge merge = summary.run().merge();
    String partial =
        merge.missing().isEmpty()
            ? ""
            : " (PARTIAL: shard"
                + (merge.missing().size() == 1 ? " " : "s ")
                + merge.missing().stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " missing)";
    return "[dynamo] Merged "
        + reports.shards().size()
        + " of "
        + reports.count()
        + " shards"
        + partial
        + (summary.run().selection().isEmpty() ? "" : " of " + summary.run().selection())
        + ": "
        + totals.tests()
        + " tests, "
        + totals.passed()
        + " passed, "
        + totals.flaky()
        + " flaky, "
        + totals.failed()
        + " failed, "
        + totals.aborted()
        + " aborted, "
        + totals.skipped()
        + " skipped; "
        + totals.excluded()
        + " excluded. Wall time "
        + summary.run().durationMillis()
        + " ms (longest shard), machine time "
        + merge.machineMillis()
        + " ms (all shards)."
        + foreign(merge)
        + "\n[dynamo] Reports: "
        + ShardReports.name(output)
        + "/{"
        + written.written().stream()
            .map(file -> file.getFileName().toString())
            .collect(Collectors.joining(", "))
        + "}";
  }

  /** {@code " Other runners: pytest 9 tests (2 unclassified), ..."}, or empty. */
  private static String foreign(Summary.Merge merge) {
    if (merge.foreign() == null || merge.foreign().isEmpty()) {
      return "";
    }
    return "\n[dynamo] Other runners: "
        + merge.foreign().stream()
            .map(
                f ->
                    f.runner()
                        + " "
                        + f.file()
                        + ": "
                        + f.tests()
                        + " tests, "
                        + f.unclassified()
                        + " unclassified"
                        + (f.unmappedMarkers().isEmpty()
                            ? ""
                            : ", markers no rule maps: " + String.join(", ", f.unmappedMarkers())))
            .collect(Collectors.joining("; "))
        + (merge.foreign().stream()
                .anyMatch(f -> f.unclassified() > 0 || !f.unmappedMarkers().isEmpty())
            ? " (listed in " + ForeignTests.UNCLASSIFIED_FILE + ")"
            : "")
        + ".";
  }
}

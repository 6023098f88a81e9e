package ai.dynamo.test.engine.merge;

import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.report.ReportJson;
import ai.dynamo.test.engine.report.Summary;
import ai.dynamo.test.engine.scheduling.ShardSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The reports of the shard runs of one stage, read and checked to belong together: the same
 * selection, the same revision, the same number of shards, each shard once, none missing (unless a
 * partial set is accepted).
 *
 * @param shards the reports, by shard index
 * @param count how many shards the stage was split into
 * @param missing the indexes of the shards without a report; empty unless accepted as partial
 */
record ShardReports(List<ShardReport> shards, int count, List<Integer> missing) {

  /**
   * The report of one shard run.
   *
   * @param dir its reports directory
   * @param summary its {@code summary.json}
   * @param plan its {@code plan.json}, {@code null} when it has none
   * @param shard which shard it ran
   */
  record ShardReport(Path dir, Summary summary, Plan plan, ShardSpec shard) {}

  /**
   * Reads the reports in {@code dirs} and checks that they belong together.
   *
   * @param partial whether missing shards are accepted
   * @throws MergeRefused naming the inputs that do not belong together, and why
   */
  static ShardReports read(List<Path> dirs, boolean partial) {
    List<ShardReport> reports = new ArrayList<>();
    for (Path dir : dirs) {
      reports.add(readOne(dir));
    }
    same(reports, "selections", r -> selection(r.summary()), "Merge the shards of one stage.");
    same(
        reports,
        "revisions",
        r -> Objects.requireNonNullElse(r.summary().run().revision(), "unknown"),
        "Merge the shards of one commit; rerun the stale shard.");
    same(
        reports,
        "numbers of shards",
        r -> "dynamo.shard=i/" + r.shard().count(),
        "Every shard of one run splits the stage the same way.");
    int count = reports.get(0).shard().count();

    Map<Integer, List<ShardReport>> byIndex = new TreeMap<>();
    reports.forEach(r -> byIndex.computeIfAbsent(r.shard().index(), i -> new ArrayList<>()).add(r));
    byIndex.forEach(
        (index, twice) -> {
          if (twice.size() > 1) {
            throw new MergeRefused(
                "Cannot merge: shard "
                    + index
                    + "/"
                    + count
                    + " is given "
                    + twice.size()
                    + " times: "
                    + twice.stream().map(r -> name(r.dir())).collect(Collectors.joining(", "))
                    + ". Give each shard's reports directory once.");
          }
        });
    List<Integer> missing =
        IntStream.rangeClosed(1, count).filter(i -> !byIndex.containsKey(i)).boxed().toList();
    if (!missing.isEmpty() && !partial) {
      throw new MergeRefused(
          "Cannot merge: shard"
              + (missing.size() == 1 ? " " : "s ")
              + missing.stream().map(String::valueOf).collect(Collectors.joining(", "))
              + " of "
              + count
              + (missing.size() == 1 ? " is" : " are")
              + " missing; the inputs hold shard"
              + (byIndex.size() == 1 ? " " : "s ")
              + byIndex.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "))
              + " ("
              + reports.stream().map(r -> name(r.dir())).collect(Collectors.joining(", "))
              + "). Add the missing shards' reports directories, or pass "
              + MergeOptions.PARTIAL
              + " to merge these; the merged report then says which shards it lacks.");
    }
    List<ShardReport> ordered =
        reports.stream().sorted(Comparator.comparingInt(r -> r.shard().index())).toList();
    return new ShardReports(ordered, count, missing);
  }

  private static ShardReport readOne(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new MergeRefused("Cannot merge: the input " + name(dir) + " is not a directory.");
    }
    Path file = dir.resolve("summary.json");
    if (!Files.isRegularFile(file)) {
      throw new MergeRefused(
          "Cannot merge: the input "
              + name(dir)
              + " holds no summary.json; give the reports directory (dynamo.reports.dir, default"
              + " target/dynamo) of each shard run.");
    }
    Summary summary;
    try {
      summary = ReportJson.read(Files.readString(file), Summary.class);
    } catch (IOException | UncheckedIOException e) {
      throw new MergeRefused(
          "Cannot merge: " + name(file) + " cannot be read as a run summary: " + e.getMessage());
    }
    if (summary.run() == null || summary.tests() == null || summary.totals() == null) {
      throw new MergeRefused(
          "Cannot merge: " + name(file) + " is not a run summary (no run, totals or tests).");
    }
    if (summary.run().merge() != null) {
      throw new MergeRefused(
          "Cannot merge: "
              + name(dir)
              + " is itself a merged report; give the reports directories of the shard runs.");
    }
    if (summary.run().shard() == null) {
      throw new MergeRefused(
          "Cannot merge: "
              + name(dir)
              + " is the report of a run without dynamo.shard, not of one shard; merge the"
              + " reports of the runs dynamo.shard=1/n to n/n.");
    }
    Path planFile = dir.resolve("plan.json");
    Plan plan = null;
    if (Files.isRegularFile(planFile)) {
      try {
        plan = ReportJson.read(Files.readString(planFile), Plan.class);
      } catch (IOException | UncheckedIOException e) {
        throw new MergeRefused(
            "Cannot merge: " + name(planFile) + " cannot be read as a plan: " + e.getMessage());
      }
    }
    try {
      return new ShardReport(dir, summary, plan, ShardSpec.parse(summary.run().shard()));
    } catch (ConfigurationException e) {
      throw new MergeRefused(
          "Cannot merge: "
              + name(file)
              + " names no valid shard (run.shard '"
              + summary.run().shard()
              + "', expected i/n).");
    }
  }

  private static String selection(Summary summary) {
    String selection = summary.run().selection();
    String text = selection == null || selection.isEmpty() ? "every test" : selection;
    return summary.run().dryRun() ? text + " (dry run)" : text;
  }

  /** Refuses {@code reports} that differ in {@code what}, listing each value with its inputs. */
  private static void same(
      List<ShardReport> reports, String what, Function<ShardReport, String> value, String fix) {
    Map<String, List<String>> byValue = new LinkedHashMap<>();
    reports.forEach(
        r -> byValue.computeIfAbsent(value.apply(r), v -> new ArrayList<>()).add(name(r.dir())));
    if (byValue.size() > 1) {
      throw new MergeRefused(
          "Cannot merge: the inputs have different "
              + what
              + ": "
              + byValue.entrySet().stream()
                  .map(e -> e.getKey() + " in " + String.join(", ", e.getValue()))
                  .collect(Collectors.joining("; "))
              + ". "
              + fix);
    }
  }

  static String name(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }
}

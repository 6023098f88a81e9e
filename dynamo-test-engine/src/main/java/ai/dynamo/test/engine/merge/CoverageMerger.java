package ai.dynamo.test.engine.merge;

import ai.dynamo.test.engine.coverage.CoverageReport;
import ai.dynamo.test.engine.merge.ShardReports.ShardReport;
import ai.dynamo.test.engine.report.Summary;
import ai.dynamo.test.engine.report.Summary.CodeCoverage;
import ai.dynamo.test.engine.report.Summary.TypeCoverage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Coverage by test type over all shards: each shard's exec files ({@code coverage/unit.exec},
 * {@code coverage/e2e.exec}, ...) appended type by type into the merged reports directory, as
 * JaCoCo allows (an exec file is a sequence of sessions; loading it merges their probes), and
 * analysed once against the class files, so that a line one shard reached counts for its type as in
 * a single-JVM run.
 */
final class CoverageMerger {

  static final String DIR = "coverage";

  private CoverageMerger() {}

  /**
   * Writes the merged exec files into {@code output/coverage} and analyses them against {@code
   * classes}; the shards' coverage as reported when no shard holds exec data.
   *
   * @param warnings where what the merge lacks is said
   */
  static CodeCoverage merge(
      ShardReports reports, Path output, List<Path> classes, List<String> warnings) {
    Map<String, List<Path>> byBucket = new TreeMap<>();
    List<Integer> without = new ArrayList<>();
    for (ShardReport shard : reports.shards()) {
      List<Path> files = execFiles(shard.dir().resolve(DIR));
      if (files.isEmpty()) {
        without.add(shard.shard().index());
      }
      files.forEach(
          file ->
              byBucket
                  .computeIfAbsent(bucket(file), b -> new ArrayList<>())
                  .add(file.toAbsolutePath()));
    }
    if (byBucket.isEmpty()) {
      // No shard measured: say why as the first shard did (no JaCoCo agent, most often).
      return reports.shards().get(0).summary().coverage();
    }
    if (classes.stream().noneMatch(Files::isDirectory)) {
      String reason =
          "coverage not merged: the class files to analyse the shards' exec data against ("
              + MergeOptions.CLASSES
              + " "
              + classes.stream().map(Path::toString).collect(Collectors.joining(","))
              + ") do not exist";
      warnings.add(reason);
      return Summary.coverageNotMeasured(reason);
    }
    Path dir = output.resolve(DIR);
    try {
      Files.createDirectories(dir);
      for (Path old : execFiles(dir)) {
        Files.delete(old);
      }
      for (Map.Entry<String, List<Path>> bucket : byBucket.entrySet()) {
        try (OutputStream out =
            Files.newOutputStream(
                dir.resolve(bucket.getKey() + ".exec"),
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
          for (Path file : bucket.getValue()) {
            Files.copy(file, out);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the merged exec files in " + dir, e);
    }
    CoverageReport report = CoverageReport.analyze(dir, classes);
    CodeCoverage merged = Summary.codeCoverage(report, minimums(reports));
    if (without.isEmpty()) {
      return merged;
    }
    String lacking =
        "shard"
            + (without.size() == 1 ? " " : "s ")
            + without.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + " had no coverage data: the figures are of the other shards only";
    warnings.add(lacking);
    return new CodeCoverage(
        merged.measured(),
        lacking,
        merged.types(),
        merged.combined(),
        merged.slowOnly(),
        merged.belowMinimum());
  }

  /**
   * The minimums the shards were held to ({@code dynamo.coverage.minimum.<type>}), as their
   * summaries state them for the types they ran.
   */
  private static Map<String, Double> minimums(ShardReports reports) {
    Map<String, Double> minimums = new TreeMap<>();
    for (ShardReport shard : reports.shards()) {
      CodeCoverage coverage = shard.summary().coverage();
      if (coverage == null || coverage.types() == null) {
        continue;
      }
      for (TypeCoverage type : coverage.types()) {
        if (type.minimum() != null) {
          minimums.putIfAbsent(type.type(), type.minimum());
        }
      }
    }
    return minimums;
  }

  private static String bucket(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".exec".length());
  }

  private static List<Path> execFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return new ArrayList<>(
          files
              .filter(f -> f.getFileName().toString().endsWith(".exec") && Files.isRegularFile(f))
              .collect(Collectors.toCollection(TreeSet::new)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

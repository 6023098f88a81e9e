package ai.dynamo.test.engine.merge;

import ai.dynamo.test.engine.affected.TestClassMapStore;
import ai.dynamo.test.engine.history.FlipCandidates;
import ai.dynamo.test.engine.history.HistorySettings;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.report.Summary;
import ai.dynamo.test.engine.report.Summary.FlipCandidate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Settles the history of a sharded stage and finds its flip candidates across shards. Each shard
 * job leaves its records in {@code <history>/incoming/} (copied together by the CI job that
 * merges); settling makes them the history the next split plans from, and a test that failed in one
 * shard job and passed in another at the same revision (a rerun) is then a flip candidate, which no
 * shard alone could see.
 */
final class HistoryMerger {

  private HistoryMerger() {}

  /**
   * Settles {@code directory} and returns the flip candidates among the classes of {@code summary}:
   * the history's, else a shard's.
   *
   * @throws MergeRefused when {@code directory} does not exist
   */
  static List<FlipCandidate> settle(Path directory, Summary summary, Consumer<String> warnings) {
    if (!Files.isDirectory(directory)) {
      throw new MergeRefused(
          "Cannot settle the history: "
              + ShardReports.name(directory)
              + " is not a directory; give the history directory ("
              + MergeOptions.HISTORY
              + ") whose incoming/ holds the shard jobs' records.");
    }
    HistoryStore store = new HistoryStore(directory, HistorySettings.DEFAULT_WINDOW, warnings);
    store.settle();
    // The shards' test-to-class maps wait in affected/incoming/ the same way.
    TestClassMapStore.of(directory).settle();
    Set<String> classes =
        summary.tests().stream().map(Summary.TestResult::className).collect(Collectors.toSet());
    Map<String, FlipCandidate> byTest = new LinkedHashMap<>();
    for (FlipCandidates.Candidate c : FlipCandidates.in(store.readSettled())) {
      if (classes.contains(c.test().replaceFirst("#.*", ""))) {
        byTest.put(
            c.test(), new FlipCandidate(c.test(), c.revision(), c.passed(), c.failed(), c.flaky()));
      }
    }
    // A shard's candidate from records this history lacks (its incoming/ was not copied here).
    summary.flipCandidates().forEach(c -> byTest.putIfAbsent(c.test(), c));
    return List.copyOf(byTest.values());
  }
}

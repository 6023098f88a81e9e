package ai.dynamo.test.engine.history;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.dynamo.test.engine.history.DurationHistory.Stats;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Tests whose outcome flips without a code change: candidates for {@code @Flaky}, or for a fix.
 *
 * <p>A test is a candidate when, among its recorded executions (the latest {@code
 * dynamo.history.window}) of one revision, there are both a pass and a failure, or when any of them
 * passed only on a retry ({@link Outcome#FLAKY}). Records of an unknown revision, and of a working
 * tree with uncommitted changes ({@code <commit>-dirty}, which may hold different code from one run
 * to the next), never make a candidate. Aborted executions do not count.
 *
 * <pre>{@code
 * DurationHistory history = new HistoryStore(directory, 10, System.out::println).readAll();
 * for (FlipCandidates.Candidate candidate : FlipCandidates.in(history)) {
 *   System.out.println(candidate.describe());
 *   // com.example.FooTest#bar() passed 3 and failed 2 times at revision 1a2b3c4d5e6f (...)
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class FlipCandidates {

  private FlipCandidates() {}

  /**
   * One test that flipped at one revision (the latest revision it flipped at).
   *
   * @param test the test as reports name it: {@code com.example.FooTest#bar()}
   * @param revision the revision its outcomes differed at
   * @param passed its executions at that revision that passed at the first attempt
   * @param failed its executions at that revision that failed
   * @param flaky its executions at that revision that failed, then passed on a retry
   * @param lastEpochMillis when the latest of these executions was recorded
   */
  @API(status = EXPERIMENTAL, since = "0.1")
  public record Candidate(
      String test, String revision, int passed, int failed, int flaky, long lastEpochMillis) {

    /**
     * One sentence for a console or a report: {@code com.example.FooTest#bar() passed 3 and failed
     * 2 times at revision 1a2b3c4d5e6f (mark it @Flaky or fix it)}.
     */
    public String describe() {
      String counts = "passed " + passed + (flaky > 0 ? ", failed " : " and failed ") + failed;
      if (flaky > 0) {
        counts += " and passed only on a retry " + flaky;
      }
      return test
          + " "
          + counts
          + " times at revision "
          + abbreviated(revision)
          + (flaky > 0 ? " (it is @Flaky: fix it)" : " (mark it @Flaky or fix it)");
    }
  }

  /** The candidates of {@code history}, the most recently recorded first. */
  public static List<Candidate> in(DurationHistory history) {
    List<Candidate> candidates = new ArrayList<>();
    history.tests().forEach((test, stats) -> candidateOf(test, stats, candidates));
    candidates.sort(
        Comparator.comparingLong(Candidate::lastEpochMillis)
            .reversed()
            .thenComparing(Candidate::test));
    return candidates;
  }

  private static void candidateOf(String test, Stats stats, List<Candidate> candidates) {
    Map<String, int[]> byRevision = new LinkedHashMap<>();
    Map<String, Long> last = new LinkedHashMap<>();
    for (HistoryRecord record : stats.executions()) {
      if (!Revision.isComparable(record.revision()) || record.outcome() == Outcome.ABORTED) {
        continue;
      }
      int[] counts = byRevision.computeIfAbsent(record.revision(), r -> new int[3]);
      counts[record.outcome() == Outcome.PASSED ? 0 : record.outcome() == Outcome.FAILED ? 1 : 2]++;
      last.merge(record.revision(), record.epochMillis(), Math::max);
    }
    Candidate latest = null;
    for (Map.Entry<String, int[]> entry : byRevision.entrySet()) {
      int[] counts = entry.getValue();
      boolean flipped = (counts[0] > 0 && counts[1] > 0) || counts[2] > 0;
      long when = last.get(entry.getKey());
      if (flipped && (latest == null || when > latest.lastEpochMillis())) {
        latest = new Candidate(test, entry.getKey(), counts[0], counts[1], counts[2], when);
      }
    }
    if (latest != null) {
      candidates.add(latest);
    }
  }

  /**
   * A full commit id shortened as {@code git log --oneline} would ({@code 1a2b3c4d5e6f}); anything
   * else as given.
   */
  public static String abbreviated(String revision) {
    return revision.matches("[0-9a-f]{40}") ? revision.substring(0, 12) : revision;
  }

  /**
   * Console lines for {@code candidates}: one per candidate up to {@code max}, then one that counts
   * the rest.
   */
  static List<String> lines(List<Candidate> candidates, int max) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < candidates.size() && i < max; i++) {
      lines.add("[dynamo] Flip candidate: " + candidates.get(i).describe());
    }
    if (candidates.size() > max) {
      lines.add(
          "[dynamo] ... and "
              + (candidates.size() - max)
              + " more flip candidates (outcomes that changed at one revision; see "
              + "docs/scheduling.md)");
    }
    return lines;
  }
}

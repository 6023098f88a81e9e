package ai.dynamo.test.engine.history;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.ABORTED;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.FAILED;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.FLAKY;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.PASSED;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.history.FlipCandidates.Candidate;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@Stage(PRE_MERGE)
@TestType(UNIT)
class FlipCandidatesTest {

  private static final String SHA = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d";

  private final List<HistoryRecord> records = new ArrayList<>();

  private void record(String test, Outcome outcome, String revision) {
    int run = records.size();
    records.add(HistoryRecord.test("r" + run, 1_000 + run, test, 10, outcome, revision));
  }

  private List<Candidate> candidates() {
    return FlipCandidates.in(DurationHistory.of(records, 10));
  }

  @Test
  void aTestThatPassedAndFailedAtOneRevisionIsACandidate() {
    record("a.T#t()", PASSED, SHA);
    record("a.T#t()", FAILED, SHA);
    record("a.T#t()", PASSED, SHA);
    record("a.T#steady()", PASSED, SHA);

    assertThat(candidates()).containsExactly(new Candidate("a.T#t()", SHA, 2, 1, 0, 1_002));
    assertThat(candidates().get(0).describe())
        .isEqualTo(
            "a.T#t() passed 2 and failed 1 times at revision 1a2b3c4d5e6f (mark it @Flaky or fix"
                + " it)");
  }

  @Test
  void anOutcomeThatChangedWithTheRevisionIsNoCandidate() {
    record("a.T#t()", PASSED, "c1");
    record("a.T#t()", FAILED, "c2");
    record("a.T#t()", FAILED, "c2");

    assertThat(candidates()).isEmpty();
  }

  @Test
  void unknownAndDirtyRevisionsNeverMakeACandidate() {
    record("a.T#unknown()", PASSED, "");
    record("a.T#unknown()", FAILED, "");
    record("a.T#dirty()", PASSED, SHA + "-dirty");
    record("a.T#dirty()", FAILED, SHA + "-dirty");
    record("a.T#flakyUnknown()", FLAKY, "");

    assertThat(candidates()).isEmpty();
  }

  @Test
  void aFlakyPassAloneMakesACandidateAndAbortsDoNotCount() {
    record("a.T#flaky()", FLAKY, "c1");
    record("a.T#aborted()", ABORTED, "c1");
    record("a.T#aborted()", PASSED, "c1");

    assertThat(candidates())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.describe())
                    .isEqualTo(
                        "a.T#flaky() passed 0, failed 0 and passed only on a retry 1 times at"
                            + " revision c1 (it is @Flaky: fix it)"));
  }

  @Test
  void theLatestRevisionAtWhichATestFlippedIsTheOneReported() {
    record("a.T#t()", PASSED, "old");
    record("a.T#t()", FAILED, "old");
    record("a.T#t()", FAILED, "new");
    record("a.T#t()", PASSED, "new");

    assertThat(candidates()).extracting(Candidate::revision).containsExactly("new");
  }

  @Test
  void theConsoleListsTenCandidatesThenCountsTheRest() {
    for (int i = 0; i < 13; i++) {
      record("a.T#t" + i + "()", PASSED, "c1");
      record("a.T#t" + i + "()", FAILED, "c1");
    }

    List<String> lines = FlipCandidates.lines(candidates(), 10);

    assertThat(lines).hasSize(11);
    assertThat(lines.get(0))
        .as("the most recent first")
        .isEqualTo(
            "[dynamo] Flip candidate: a.T#t12() passed 1 and failed 1 times at revision c1 (mark"
                + " it @Flaky or fix it)");
    assertThat(lines.get(10)).startsWith("[dynamo] ... and 3 more flip candidates");
    assertThat(FlipCandidates.lines(candidates().subList(0, 2), 10)).hasSize(2);
  }
}

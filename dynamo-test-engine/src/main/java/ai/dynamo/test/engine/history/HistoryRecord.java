package ai.dynamo.test.engine.history;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * One measured execution of a test or a top-level test class, one line of a history file.
 *
 * @param run the id of the run (one test plan execution) that measured it
 * @param epochMillis when the run wrote it
 * @param scope whether {@link #key} names a class or a test method
 * @param key the class name, or the test as reports name it: {@code com.example.FooTest#bar()}
 * @param millis how long it took, in milliseconds
 * @param outcome how it ended
 * @param stages the class's stages in label form ({@code pre-merge,nightly}), empty if unknown
 * @param kind the class's kind in label form ({@code e2e}), empty if unknown
 * @param revision the code revision the run tested ({@code dynamo.history.revision}, a CI commit
 *     variable, or {@code git rev-parse HEAD} with {@code -dirty} for a changed working tree),
 *     empty if unknown
 */
@API(status = INTERNAL, since = "0.1")
public record HistoryRecord(
    String run,
    long epochMillis,
    Scope scope,
    String key,
    long millis,
    Outcome outcome,
    String stages,
    String kind,
    String revision) {

  /** What a record measures. */
  public enum Scope {
    CLASS,
    TEST
  }

  /** How a measured execution ended; skipped tests are not measured. */
  public enum Outcome {
    PASSED,
    FAILED,
    ABORTED,
    /** A {@code @Flaky} test that failed, then passed when retried. */
    FLAKY
  }

  /** A record of an unknown revision, as files written before revisions were recorded hold. */
  public HistoryRecord(
      String run,
      long epochMillis,
      Scope scope,
      String key,
      long millis,
      Outcome outcome,
      String stages,
      String kind) {
    this(run, epochMillis, scope, key, millis, outcome, stages, kind, "");
  }

  /** A test-scope record of an unknown revision, which carries no labels. */
  public static HistoryRecord test(
      String run, long epochMillis, String key, long millis, Outcome outcome) {
    return test(run, epochMillis, key, millis, outcome, "");
  }

  /** A test-scope record, which carries no labels. */
  public static HistoryRecord test(
      String run, long epochMillis, String key, long millis, Outcome outcome, String revision) {
    return new HistoryRecord(run, epochMillis, Scope.TEST, key, millis, outcome, "", "", revision);
  }
}

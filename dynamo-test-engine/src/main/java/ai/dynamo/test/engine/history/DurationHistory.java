package ai.dynamo.test.engine.history;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What earlier runs measured, merged from every history file: for each class and each test, its
 * most recent executions, at most {@code window} of them.
 *
 * <p>Records are merged without duplicates (a record is identified by its run, scope and key), so
 * reading the same record from two files, as after a concurrent compaction, counts it once.
 *
 * <pre>{@code
 * DurationHistory history = DurationHistory.of(records, 10);
 * history.ofClass("com.example.FooTest").map(Stats::meanMillis);
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DurationHistory {

  /** How many of the latest executions {@link Stats#recentlyFailed()} looks at. */
  static final int RECENT = 3;

  private static final Comparator<HistoryRecord> CHRONOLOGICAL =
      Comparator.comparingLong(HistoryRecord::epochMillis).thenComparing(HistoryRecord::run);

  private static final DurationHistory EMPTY = new DurationHistory(Map.of(), Map.of(), 0);

  private final Map<String, Stats> classes;
  private final Map<String, Stats> tests;
  private final int window;

  private DurationHistory(Map<String, Stats> classes, Map<String, Stats> tests, int window) {
    this.classes = classes;
    this.tests = tests;
    this.window = window;
  }

  /** A history that knows nothing. */
  public static DurationHistory empty() {
    return EMPTY;
  }

  /** Merges {@code records}, keeping the latest {@code window} executions of each key. */
  public static DurationHistory of(Collection<HistoryRecord> records, int window) {
    Map<String, Map<String, HistoryRecord>> classes = new HashMap<>();
    Map<String, Map<String, HistoryRecord>> tests = new HashMap<>();
    for (HistoryRecord record : records) {
      (record.scope() == Scope.CLASS ? classes : tests)
          .computeIfAbsent(record.key(), key -> new HashMap<>(4))
          .putIfAbsent(record.run(), record);
    }
    return new DurationHistory(bounded(classes, window), bounded(tests, window), window);
  }

  private static Map<String, Stats> bounded(
      Map<String, Map<String, HistoryRecord>> byKey, int window) {
    Map<String, Stats> result = new HashMap<>(byKey.size() * 2);
    byKey.forEach(
        (key, byRun) -> {
          List<HistoryRecord> list = new ArrayList<>(byRun.values());
          list.sort(CHRONOLOGICAL);
          if (list.size() > window) {
            list = new ArrayList<>(list.subList(list.size() - window, list.size()));
          }
          result.put(key, new Stats(Collections.unmodifiableList(list)));
        });
    return result;
  }

  /** What is known about the top-level class {@code className}. */
  public Optional<Stats> ofClass(String className) {
    return Optional.ofNullable(classes.get(className));
  }

  /** What is known about the test {@code key}, as reports name it. */
  public Optional<Stats> ofTest(String key) {
    return Optional.ofNullable(tests.get(key));
  }

  /** Every class with history, by name. */
  public Map<String, Stats> classes() {
    return Collections.unmodifiableMap(classes);
  }

  /** Every test with history, by its key ({@code com.example.FooTest#bar()}). */
  public Map<String, Stats> tests() {
    return Collections.unmodifiableMap(tests);
  }

  /** Every record kept, classes first; what a compaction writes back. */
  public List<HistoryRecord> records() {
    List<HistoryRecord> all = new ArrayList<>();
    classes.values().forEach(stats -> all.addAll(stats.executions()));
    tests.values().forEach(stats -> all.addAll(stats.executions()));
    return all;
  }

  /** The number of executions kept per key. */
  public int window() {
    return window;
  }

  /** Whether nothing is known. */
  public boolean isEmpty() {
    return classes.isEmpty() && tests.isEmpty();
  }

  /** The recent executions of one class or test, oldest first. */
  public static final class Stats {

    private final List<HistoryRecord> executions;
    private final long meanMillis;
    private final boolean recentlyFailed;

    Stats(List<HistoryRecord> executions) {
      this.executions = executions;
      long sum = 0;
      for (HistoryRecord record : executions) {
        sum += record.millis();
      }
      this.meanMillis = sum / executions.size();
      boolean failed = false;
      for (int i = Math.max(0, executions.size() - RECENT); i < executions.size(); i++) {
        failed |= executions.get(i).outcome() == Outcome.FAILED;
      }
      this.recentlyFailed = failed;
    }

    /** The mean duration of the executions kept, in milliseconds. */
    public long meanMillis() {
      return meanMillis;
    }

    /**
     * Whether any of the last {@value DurationHistory#RECENT} executions failed. A flaky pass (it
     * failed, then passed on a retry) is not a failure here: it rarely fails a stage, so putting it
     * first would only delay the tests that did fail.
     */
    public boolean recentlyFailed() {
      return recentlyFailed;
    }

    /** The latest execution. */
    public HistoryRecord latest() {
      return executions.get(executions.size() - 1);
    }

    /** The executions kept, oldest first. */
    public List<HistoryRecord> executions() {
      return executions;
    }
  }
}

package ai.dynamo.test.engine.scheduling;

import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.history.DurationHistory;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import ai.dynamo.test.engine.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Measures the scheduler: shard balance on a heavy-tailed suite, and the cost of planning 100,000
 * tests. Run it with {@code ./mvnw -B -q -o test -Pbenchmark -DskipTests -pl dynamo-test-engine
 * -am} (see {@code docs/scheduling.md}).
 */
public final class SchedulingBenchmark {

  private SchedulingBenchmark() {}

  public static void main(String[] args) throws Exception {
    balance();
    planningCost();
  }

  /** LPT beside round-robin by count, both against {@code max(total/shards, longest)}. */
  private static void balance() {
    Random random = new Random(2026);
    Map<String, Long> classes = new LinkedHashMap<>();
    for (int i = 0; i < 5_000; i++) {
      // Lognormal around 20 s with sigma 1.3: most classes take seconds, a few take many minutes.
      classes.put(
          "com.example.suite.Class" + i + "Test",
          Math.max(1, Math.round(Math.exp(Math.log(20_000) + 1.3 * random.nextGaussian()))));
    }
    long total = classes.values().stream().mapToLong(Long::longValue).sum();
    long longest = classes.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "Shard balance: 5,000 lognormal classes, total %s, longest class %s%n",
        Durations.format(total),
        Durations.format(longest));
    System.out.println("  shards  lower bound  LPT (ours)  ratio    round-robin by count  ratio");
    List<Long> durations = new ArrayList<>(classes.values());
    for (int shards : new int[] {4, 8, 16, 32, 64}) {
      double lowerBound = Math.max(total / (double) shards, longest);
      ShardPartition partition = ShardPartition.of(classes, shards);
      long[] roundRobin = new long[shards];
      for (int i = 0; i < durations.size(); i++) {
        roundRobin[i % shards] += durations.get(i);
      }
      long roundRobinMax = Arrays.stream(roundRobin).max().orElseThrow();
      System.out.printf(
          Locale.ROOT,
          "  %6d  %11s  %10s  %.4f   %20s  %.4f%n",
          shards,
          Durations.format((long) lowerBound),
          Durations.format(partition.makespan()),
          partition.makespan() / lowerBound,
          Durations.format(roundRobinMax),
          roundRobinMax / lowerBound);
    }
  }

  /**
   * 100,000 tests in 5,000 classes: merging their history, splitting the classes into 16 shards,
   * and putting classes and the methods of each class in fail-fast order by their estimates.
   */
  private static void planningCost() throws Exception {
    Random random = new Random(7);
    List<HistoryRecord> records = new ArrayList<>(105_000);
    List<List<String>> tests = new ArrayList<>();
    for (int c = 0; c < 5_000; c++) {
      String className = "com.example.suite.Class" + c + "Test";
      long sum = 0;
      List<String> methods = new ArrayList<>();
      for (int m = 0; m < 20; m++) {
        String key = className + "#test" + m + "()";
        long millis = Math.max(1, Math.round(Math.exp(5 + random.nextGaussian())));
        sum += millis;
        methods.add(key);
        records.add(
            HistoryRecord.test(
                "r1", 1, key, millis, random.nextInt(200) == 0 ? Outcome.FAILED : Outcome.PASSED));
      }
      tests.add(methods);
      records.add(
          new HistoryRecord(
              "r1", 1, Scope.CLASS, className, sum, Outcome.PASSED, "nightly", "unit"));
    }
    Path directory = Files.createTempDirectory("dynamo-history-benchmark");
    new HistoryStore(directory, 10, System.err::println).write(records, false);

    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long[] cpu = new long[60];
    long[] plan = new long[60];
    long[] read = new long[60];
    for (int i = 0; i < plan.length; i++) {
      long start = System.nanoTime();
      DurationHistory history = new HistoryStore(directory, 10, System.err::println).readAll();
      long readDone = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      plan(history, tests);
      plan[i] = System.nanoTime() - readDone;
      cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
      read[i] = readDone - start;
    }
    System.out.printf(
        Locale.ROOT,
        "Planning 100,000 tests in 5,000 classes (runs 6 to 60):%n"
            + "  shard (LPT, 16 shards) + fail-fast order of classes and methods: median %.1f ms,"
            + " fastest %.1f ms; CPU time median %.1f ms%n"
            + "  reading and merging their history file (105,000 records): first read %.1f ms,"
            + " unchanged files (cached) %.2f ms%n",
        median(plan) / 1e6,
        fastest(plan) / 1e6,
        median(cpu) / 1e6,
        read[0] / 1e6,
        median(read) / 1e6);
  }

  /** What an order compares, computed once per test or class, as {@code TestOrdering} does. */
  private record Keyed(String name, boolean failed, long millis) {}

  private static final Comparator<Keyed> FAIL_FAST =
      Comparator.comparing((Keyed k) -> !k.failed()).thenComparingLong(Keyed::millis);

  private static int plan(DurationHistory history, List<List<String>> tests) {
    DurationEstimator estimator = new DurationEstimator(history);
    Map<String, Long> known = new HashMap<>();
    history.classes().forEach((name, stats) -> known.put(name, stats.meanMillis()));
    ShardPartition partition = ShardPartition.of(known, 16);
    int kept = 0;
    List<Keyed> classOrder = new ArrayList<>(tests.size());
    Optional<TestKind> unit = Optional.of(TestKind.UNIT);
    for (List<String> methods : tests) {
      String className = methods.get(0).substring(0, methods.get(0).indexOf('#'));
      kept += partition.shardOf(className) == 0 ? 1 : 0;
      List<Keyed> sorted = new ArrayList<>(methods.size());
      long sum = 0;
      for (String key : methods) {
        long millis = estimator.testMillis(key, unit);
        sum += millis;
        sorted.add(new Keyed(key, estimator.testFailedRecently(key), millis));
      }
      sorted.sort(FAIL_FAST);
      classOrder.add(
          new Keyed(
              className,
              estimator.classFailedRecently(className),
              estimator.classMillis(className, sum)));
    }
    classOrder.sort(FAIL_FAST);
    return kept + classOrder.size();
  }

  private static double fastest(long[] nanos) {
    return Arrays.stream(nanos, 5, nanos.length).min().orElseThrow();
  }

  private static double median(long[] nanos) {
    long[] last = Arrays.copyOfRange(nanos, 5, nanos.length);
    Arrays.sort(last);
    return last[last.length / 2];
  }
}

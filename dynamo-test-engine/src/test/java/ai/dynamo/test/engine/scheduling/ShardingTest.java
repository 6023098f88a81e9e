package ai.dynamo.test.engine.scheduling;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.PASSED;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.record;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.run;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.startedClasses;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.startedMethods;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.testClass;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Stage(PRE_MERGE)
@TestType(UNIT)
class ShardingTest {

  private static final Class<?>[] SUITE = {
    Shard1.class, Shard2.class, Shard3.class, Shard4.class, Shard5.class, Shard6.class, Shard7.class
  };

  @TempDir Path history;

  @Test
  void theShardsTogetherRunEverySelectedTestExactlyOnceWithoutHistory() {
    assertShardsRunEverythingOnce(3, Map.of());
  }

  @Test
  void theShardsTogetherRunEverySelectedTestExactlyOnceWithPartialHistory() {
    recordDurations();
    assertShardsRunEverythingOnce(3, Map.of());
    assertShardsRunEverythingOnce(4, Map.of("dynamo.stage", "pre-merge"));
  }

  @Test
  void knownClassesAreBalancedByTheirRecordedDurations() {
    recordDurations();
    // LPT over 600, 500, 400, 300, 200, 100 on three shards: 700 each.
    Map<Integer, List<String>> byShard = new HashMap<>();
    for (int shard = 1; shard <= 3; shard++) {
      byShard.put(
          shard,
          startedClasses(
              run(
                  history,
                  Map.of("dynamo.shard", shard + "/3", "dynamo.order", "declared"),
                  known())));
    }
    assertThat(byShard.values())
        .allSatisfy(classes -> assertThat(classes).hasSize(2))
        .anySatisfy(classes -> assertThat(classes).containsExactlyInAnyOrder("Shard1", "Shard6"))
        .anySatisfy(classes -> assertThat(classes).containsExactlyInAnyOrder("Shard2", "Shard5"))
        .anySatisfy(classes -> assertThat(classes).containsExactlyInAnyOrder("Shard3", "Shard4"));
  }

  @Test
  void aClassDiscoveredAloneGoesToTheSameShardAsInTheWholeSuite() {
    recordDurations();
    Map<String, Integer> whole = new HashMap<>();
    for (int shard = 1; shard <= 3; shard++) {
      for (String c : startedClasses(run(history, Map.of("dynamo.shard", shard + "/3"), SUITE))) {
        whole.put(c, shard);
      }
    }
    // Surefire with forkCount > 1 sends one class per discovery request.
    for (Class<?> alone : SUITE) {
      List<Integer> ranIn = new ArrayList<>();
      for (int shard = 1; shard <= 3; shard++) {
        if (!startedClasses(run(history, Map.of("dynamo.shard", shard + "/3"), alone)).isEmpty()) {
          ranIn.add(shard);
        }
      }
      assertThat(ranIn).as(alone.getSimpleName()).containsExactly(whole.get(alone.getSimpleName()));
    }
  }

  @Test
  void recordsOfShardRunsWaitInIncomingSoTheNextShardSplitsTheSameWay() {
    recordDurations();
    List<String> before = startedClasses(run(history, Map.of("dynamo.shard", "2/3"), SUITE));
    // What shard 1 records (here by hand: EngineTestKit calls no listeners) must not move classes.
    new HistoryStore(history, 10, System.out::println)
        .write(List.of(testClass(Shard7.class.getName(), 10_000, PASSED, 9)), true);

    assertThat(startedClasses(run(history, Map.of("dynamo.shard", "2/3"), SUITE)))
        .containsExactlyInAnyOrderElementsOf(before);
  }

  private void assertShardsRunEverythingOnce(int shards, Map<String, String> parameters) {
    List<String> all = startedMethods(run(history, parameters, SUITE));
    List<String> union = new ArrayList<>();
    for (int shard = 1; shard <= shards; shard++) {
      Map<String, String> withShard = new HashMap<>(parameters);
      withShard.put("dynamo.shard", shard + "/" + shards);
      union.addAll(startedMethods(run(history, withShard, SUITE)));
    }
    assertThat(union)
        .hasSize(all.size())
        .containsExactlyInAnyOrderElementsOf(all)
        .doesNotHaveDuplicates();
  }

  private void recordDurations() {
    List<HistoryRecord> records = new ArrayList<>();
    long millis = 600;
    for (Class<?> c : known()) {
      records.add(testClass(c.getName(), millis, PASSED, 1));
      millis -= 100;
    }
    record(history, records.toArray(HistoryRecord[]::new));
  }

  private static Class<?>[] known() {
    return new Class<?>[] {
      Shard1.class, Shard2.class, Shard3.class, Shard4.class, Shard5.class, Shard6.class
    };
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class Shard1 {
    @Test
    void a() {}

    @Test
    void b() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class Shard2 {
    @Test
    void a() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class Shard3 {
    @Test
    void a() {}

    @Test
    void b() {}

    @Test
    void c() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class Shard4 {
    @Test
    void a() {}
  }

  @Stage({PRE_MERGE, NIGHTLY})
  @TestType(UNIT)
  static class Shard5 {
    @Test
    void a() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class Shard6 {
    @Test
    void a() {}
  }

  /** Never recorded: placed by the hash of its name. */
  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class Shard7 {
    @Test
    void a() {}

    @Test
    void b() {}
  }
}

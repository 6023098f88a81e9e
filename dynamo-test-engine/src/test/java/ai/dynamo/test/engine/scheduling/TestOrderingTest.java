package ai.dynamo.test.engine.scheduling;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.E2E;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.FAILED;
import static ai.dynamo.test.engine.history.HistoryRecord.Outcome.PASSED;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.record;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.run;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.startedClasses;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.startedMethods;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.test;
import static ai.dynamo.test.engine.scheduling.SchedulingTestKit.testClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

@Stage(PRE_MERGE)
@TestType(UNIT)
class TestOrderingTest {

  @TempDir Path history;

  @BeforeEach
  void recordHistory() {
    record(
        history,
        test(FourMethods.class, "alpha", 300, PASSED, 1),
        test(FourMethods.class, "beta", 100, PASSED, 1),
        test(FourMethods.class, "gamma", 200, FAILED, 1),
        test(FourMethods.class, "delta", 50, PASSED, 1),
        test(UserOrdered.class, "slowFirst", 500, PASSED, 1),
        test(UserOrdered.class, "fastSecond", 10, PASSED, 1),
        testClass(SlowClass.class.getName(), 500, PASSED, 1),
        testClass(FastClass.class.getName(), 100, PASSED, 1),
        testClass(FailingClass.class.getName(), 300, FAILED, 1));
  }

  @Test
  void failFastRunsWhatFailedRecentlyFirstThenTheShortest() {
    assertThat(startedMethods(run(history, Map.of(), FourMethods.class)))
        .containsExactly(
            "FourMethods.gamma", "FourMethods.delta", "FourMethods.beta", "FourMethods.alpha");
    assertThat(
            startedClasses(
                run(history, Map.of(), SlowClass.class, FastClass.class, FailingClass.class)))
        .containsExactly("FailingClass", "FastClass", "SlowClass");
  }

  @Test
  void longestFirstRunsTheLongestFirst() {
    Map<String, String> longest = Map.of("dynamo.order", "longest-first");
    assertThat(startedMethods(run(history, longest, FourMethods.class)))
        .containsExactly(
            "FourMethods.alpha", "FourMethods.gamma", "FourMethods.beta", "FourMethods.delta");
    assertThat(
            startedClasses(
                run(history, longest, FastClass.class, FailingClass.class, SlowClass.class)))
        .containsExactly("SlowClass", "FailingClass", "FastClass");
  }

  @Test
  void classesWithoutHistoryAreEstimatedByTheirTestType() {
    assertThat(
            startedClasses(
                run(
                    history,
                    Map.of("dynamo.order", "longest-first"),
                    UnitClass.class,
                    EndToEndClass.class)))
        .containsExactly("EndToEndClass", "UnitClass");
    assertThat(startedClasses(run(history, Map.of(), EndToEndClass.class, UnitClass.class)))
        .containsExactly("UnitClass", "EndToEndClass");
  }

  @Test
  void declaredKeepsJupitersOwnOrder() {
    List<String> jupiter =
        startedMethods(
            EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .selectors(selectClass(FourMethods.class))
                .execute());
    assertThat(startedMethods(run(history, Map.of("dynamo.order", "declared"), FourMethods.class)))
        .isEqualTo(jupiter);
  }

  @Test
  void randomPrintsItsSeedAndTheSeedReplaysTheOrder() {
    String printed =
        captureOut(() -> run(history, Map.of("dynamo.order", "random"), FourMethods.class));
    assertThat(printed)
        .containsPattern(
            "dynamo.order=random with seed -?\\d+ \\(replay this order with -Ddynamo.order.seed=-?\\d+\\)");

    Map<String, String> seed7 = Map.of("dynamo.order", "random", "dynamo.order.seed", "7");
    List<String> first = startedMethods(run(history, seed7, FourMethods.class, EightMethods.class));
    assertThat(startedMethods(run(history, seed7, FourMethods.class, EightMethods.class)))
        .isEqualTo(first);
    List<String> other =
        startedMethods(
            run(
                history,
                Map.of("dynamo.order", "random", "dynamo.order.seed", "8"),
                FourMethods.class,
                EightMethods.class));
    assertThat(other).containsExactlyInAnyOrderElementsOf(first).isNotEqualTo(first);
  }

  @Test
  void aClassWithItsOwnMethodOrderKeepsIt() {
    for (String mode : List.of("fail-fast", "longest-first", "random")) {
      assertThat(startedMethods(run(history, Map.of("dynamo.order", mode), UserOrdered.class)))
          .as(mode)
          .containsExactly("UserOrdered.slowFirst", "UserOrdered.fastSecond");
    }
  }

  @Test
  void aConfiguredDefaultClassOrderIsKept() {
    Map<String, String> byName =
        Map.of(
            "junit.jupiter.testclass.order.default",
            "org.junit.jupiter.api.ClassOrderer$ClassName",
            "dynamo.order",
            "longest-first");
    assertThat(
            startedClasses(
                run(history, byName, SlowClass.class, FailingClass.class, FastClass.class)))
        .containsExactly("FailingClass", "FastClass", "SlowClass");
  }

  @Test
  void anUnknownOrderNamesTheValidOnes() {
    assertThatThrownBy(
            () ->
                SchedulingSettings.from(
                    key ->
                        key.equals("dynamo.order")
                            ? java.util.Optional.of("fastest")
                            : java.util.Optional.empty(),
                    java.util.Set.of()))
        .hasMessageContaining("dynamo.order=fastest")
        .hasMessageContaining("fail-fast, longest-first, declared, random");
  }

  static String captureOut(Runnable action) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class FourMethods {
    @Test
    void alpha() {}

    @Test
    void beta() {}

    @Test
    void gamma() {}

    @Test
    void delta() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class EightMethods {
    @Test
    void m1() {}

    @Test
    void m2() {}

    @Test
    void m3() {}

    @Test
    void m4() {}

    @Test
    void m5() {}

    @Test
    void m6() {}

    @Test
    void m7() {}

    @Test
    void m8() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class UserOrdered {
    @Test
    @Order(1)
    void slowFirst() {}

    @Test
    @Order(2)
    void fastSecond() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class SlowClass {
    @Test
    void runs() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class FastClass {
    @Test
    void runs() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class FailingClass {
    @Test
    void runs() {}
  }

  @Stage(PRE_MERGE)
  @TestType(UNIT)
  static class UnitClass {
    @Test
    void runs() {}
  }

  @Stage(PRE_MERGE)
  @TestType(E2E)
  static class EndToEndClass {
    @Test
    void runs() {}
  }
}

package ai.dynamo.test.engine.report;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.api.TestKind.UNIT;

import ai.dynamo.test.engine.labels.RequirementSpec;
import ai.dynamo.test.engine.labels.TestLabels;
import ai.dynamo.test.engine.plan.Plan;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Measures the end of a run of about 100,000 invocations: building the summary from what the
 * summary listener recorded and writing {@code plan.json}, {@code summary.md}, {@code summary.json}
 * and {@code report.html}. The records are shaped as the generated real-shaped suite of {@code
 * benchmarks/real-suites/run} gives them (5,658 methods, parameterized ones with up to 500
 * invocations, a few failures, aborts and skips, unclassified and classified tests), aggregated as
 * the listener aggregates passed invocations. Round 1 is a cold JVM, as at the end of a real run;
 * the later rounds show the warm cost. Aim: under 1 s for 100,000 invocations.
 *
 * <pre>{@code
 * ./mvnw -B -q -o test -Preport-benchmark -DskipTests -pl dynamo-test-engine -am
 * }</pre>
 */
public final class ReportWritingBenchmark {

  private ReportWritingBenchmark() {}

  public static void main(String[] args) throws IOException {
    int invocations = args.length > 0 ? Integer.parseInt(args[0]) : 117_736;
    Random random = new Random(42);
    TestLabels unclassified =
        new TestLabels(Set.of(), Optional.empty(), RequirementSpec.NONE, Set.of());
    TestLabels unit =
        new TestLabels(Set.of(PRE_MERGE), Optional.of(UNIT), RequirementSpec.NONE, Set.of("fast"));
    TestLabels integration =
        new TestLabels(
            Set.of(NIGHTLY), Optional.of(INTEGRATION), RequirementSpec.NONE, Set.of("slow"));
    List<TestRecord> records = new ArrayList<>();
    List<Plan.PlannedTest> planned = new ArrayList<>();
    int total = 0;
    int method = 0;
    while (total < invocations) {
      String className = "com.example.module" + (method % 23) + ".Feature" + (method / 14) + "Test";
      String name = className + "#case" + method + "(String, int)";
      TestLabels labels = method % 5 == 0 ? unit : method % 7 == 0 ? integration : unclassified;
      int count = method % 10 == 0 ? 1 + random.nextInt(500) : 1 + random.nextInt(8);
      count = Math.min(count, invocations - total);
      int notPassed = method % 997 == 0 ? 1 : 0;
      if (count - notPassed > 0) {
        records.add(
            new TestRecord(
                name,
                name,
                className,
                labels,
                Outcome.PASSED,
                "",
                random.nextInt(50) * (long) count,
                count - notPassed));
      }
      if (notPassed == 1) {
        Outcome outcome = Outcome.values()[1 + random.nextInt(Outcome.values().length - 1)];
        records.add(
            new TestRecord(
                name + " [7] \"naïve ✓ \u202Etxt.exe\", 7",
                name,
                className,
                labels,
                outcome,
                outcome == Outcome.SKIPPED ? "requires gpu" : "AssertionError: expected <1>",
                3));
      }
      planned.add(
          new Plan.PlannedTest(
              name,
              className,
              labels.stages().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList(),
              labels.kind().map(k -> k.name().toLowerCase(Locale.ROOT)).orElse(null),
              List.of(),
              List.copyOf(labels.tags()),
              List.of(),
              List.of(),
              true,
              null,
              null,
              (long) random.nextInt(2_000),
              Plan.PlannedTest.FROM_HISTORY,
              null,
              null,
              null));
      total += count;
      method++;
    }
    Plan plan = new Plan(1, Instant.now().toString(), "", false, planned, null, null);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Path dir = Files.createTempDirectory("dynamo-report-benchmark");
    System.out.printf(
        Locale.ROOT,
        "End-of-run reports: %,d invocations of %,d methods, %,d records after aggregation%n",
        total,
        method,
        records.size());
    for (int round = 1; round <= 5; round++) {
      long wall = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      Summary summary =
          SummaryBuilder.build(
              plan,
              records,
              null,
              "",
              false,
              Instant.now(),
              60_000,
              SummaryBuilder.BudgetSetting.NONE,
              SummaryBuilder.coverageNotMeasured("coverage not measured (no JaCoCo agent)"),
              List.of());
      long built = System.nanoTime();
      ReportFiles.Written written = ReportFiles.write(dir, summary, plan);
      long done = System.nanoTime();
      if (!written.failures().isEmpty() || summary.totals().tests() != total) {
        throw new IllegalStateException("reports wrong: " + written + ", " + summary.totals());
      }
      System.out.printf(
          Locale.ROOT,
          "  round %d%s: %,d ms (build %,d ms, write %,d ms), CPU %,d ms; summary.json %,d bytes,"
              + " report.html %,d bytes%n",
          round,
          round == 1 ? " (cold JVM)" : "",
          (done - wall) / 1_000_000,
          (built - wall) / 1_000_000,
          (done - built) / 1_000_000,
          (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000,
          Files.size(dir.resolve(ReportFiles.SUMMARY_JSON)),
          Files.size(dir.resolve(ReportFiles.REPORT_HTML)));
    }
  }
}

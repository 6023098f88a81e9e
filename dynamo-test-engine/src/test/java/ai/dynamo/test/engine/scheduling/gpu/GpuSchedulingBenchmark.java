package ai.dynamo.test.engine.scheduling.gpu;

import ai.dynamo.test.engine.scheduling.gpu.GpuAdmission.Device;
import ai.dynamo.test.engine.scheduling.gpu.GpuAdmission.Request;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Simulates a run on an 8-GPU host: a mix of 1-, 2- and 4-GPU tests of known durations is admitted
 * by the pool's own {@link GpuAdmission} (the same code that {@link GpuPool} runs under its lock),
 * in simulated time, by a given number of worker threads. Prints the makespan against the lower
 * bound {@code max(sum(gpus × duration) / 8, longest)} and checks at every admission that no GPU is
 * held twice. Run with {@code ./mvnw -B -q -o test -Pbenchmark -DskipTests -pl dynamo-test-engine
 * -am} (after the scheduling benchmark).
 */
public final class GpuSchedulingBenchmark {

  private static final int GPUS = 8;

  private record SimTest(String name, int gpus, long seconds) {}

  private GpuSchedulingBenchmark() {}

  public static void main(String[] args) {
    System.out.println("GPU scheduling: simulated host of " + GPUS + " GPUs");
    System.out.printf(
        Locale.ROOT,
        "%-6s %-7s %-14s %-8s %10s %10s %7s%n",
        "seed",
        "tests",
        "order",
        "workers",
        "makespan",
        "bound",
        "ratio");
    boolean allWithin = true;
    for (long seed = 1; seed <= 3; seed++) {
      for (int count : new int[] {60, 400}) {
        List<SimTest> tests = mix(new Random(seed), count);
        long bound = lowerBound(tests);
        for (String order : List.of("longest-first", "declared")) {
          List<SimTest> ordered = new ArrayList<>(tests);
          if (order.equals("longest-first")) {
            ordered.sort(Comparator.comparingLong(SimTest::seconds).reversed());
          }
          for (int workers : new int[] {8, 16, count}) {
            long makespan = simulate(ordered, workers);
            double ratio = (double) makespan / bound;
            if (order.equals("longest-first") && ratio > 1.10) {
              allWithin = false;
            }
            System.out.printf(
                Locale.ROOT,
                "%-6d %-7d %-14s %-8s %9ds %9ds %7.3f%n",
                seed,
                count,
                order,
                workers == count ? "all" : String.valueOf(workers),
                makespan,
                bound,
                ratio);
          }
        }
      }
    }
    System.out.println("over-subscribed: never (every admission checked; a GPU held twice throws)");
    System.out.println(
        "aim: longest-first within 10% of the lower bound: " + (allWithin ? "met" : "NOT met"));
  }

  /** 60% 1-GPU, 30% 2-GPU, 10% 4-GPU tests; durations log-normal around a minute, 5 s to 30 min. */
  static List<SimTest> mix(Random random, int count) {
    List<SimTest> tests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double kind = random.nextDouble();
      int gpus = kind < 0.6 ? 1 : kind < 0.9 ? 2 : 4;
      long seconds = Math.round(Math.exp(Math.log(60) + random.nextGaussian()));
      tests.add(new SimTest("t" + i, gpus, Math.max(5, Math.min(1800, seconds))));
    }
    return tests;
  }

  static long lowerBound(List<SimTest> tests) {
    long work = tests.stream().mapToLong(t -> t.gpus() * t.seconds()).sum();
    long longest = tests.stream().mapToLong(SimTest::seconds).max().orElse(0);
    return Math.max((work + GPUS - 1) / GPUS, longest);
  }

  /**
   * Runs {@code tests} in order on {@code workers} threads: a free worker takes the next test and
   * waits in the pool until admitted, so waiting tests occupy workers as they do in Jupiter.
   *
   * @return the simulated makespan in seconds
   * @throws IllegalStateException when a GPU is ever held by two tests at once
   */
  static long simulate(List<SimTest> tests, int workers) {
    GpuAdmission admission =
        new GpuAdmission(IntStream.range(0, GPUS).mapToObj(i -> new Device(i, 80L << 30)).toList());
    Map<Request, SimTest> byRequest = new HashMap<>();
    PriorityQueue<long[]> ends = new PriorityQueue<>(Comparator.comparingLong(e -> e[0]));
    List<Request> running = new ArrayList<>();
    int[] holders = new int[GPUS];
    int next = 0;
    int busy = 0;
    int finished = 0;
    long now = 0;
    while (true) {
      while (busy < workers && next < tests.size()) {
        SimTest test = tests.get(next++);
        Request request = new Request(test.name(), test.gpus(), OptionalLong.empty());
        byRequest.put(request, test);
        admission.enqueue(request);
        busy++;
      }
      for (Request admitted : admission.admit()) {
        for (int id : admitted.granted().orElseThrow()) {
          if (++holders[id] > 1) {
            throw new IllegalStateException("GPU " + id + " over-subscribed at " + now + "s");
          }
        }
        running.add(admitted);
        ends.add(new long[] {now + byRequest.get(admitted).seconds(), running.size() - 1});
      }
      if (ends.isEmpty()) {
        break;
      }
      long[] end = ends.poll();
      now = end[0];
      Request done = running.get((int) end[1]);
      for (int id : done.granted().orElseThrow()) {
        holders[id]--;
      }
      admission.release(done);
      busy--;
      finished++;
    }
    if (finished != tests.size()) {
      throw new IllegalStateException(
          (tests.size() - finished) + " tests never got their GPUs: the admission stalled");
    }
    return now;
  }
}

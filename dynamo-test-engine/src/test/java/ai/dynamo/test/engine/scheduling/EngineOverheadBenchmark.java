package ai.dynamo.test.engine.scheduling;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Measures what the {@code dynamo} engine adds to plain Jupiter on a generated suite of 10,000
 * tests (500 classes of 20 methods, with a mix of {@code @Stage}, {@code @TestType},
 * {@code @Requires(commands = ...)} and {@code @Tag}, some unclassified): discovery ({@code
 * Launcher.discover}) and the whole run ({@code Launcher.execute}: discovery, execution and the
 * listeners' end-of-run work) through the {@code junit-jupiter} engine alone and through the {@code
 * dynamo} engine alone, alternating, with trivial test bodies (the worst case) and with bodies that
 * spin for about 1 ms. Every run is checked to have run exactly the tests it should. Run with
 * {@code ./mvnw -B -q -o test -Pbenchmark -DskipTests -pl dynamo-test-engine -am} (after the
 * scheduling benchmarks; it forks its own JVM).
 *
 * <p>Plain Jupiter runs on a launcher without the auto-registered listeners and filters of this
 * engine, as if the engine were not on the class path; the {@code dynamo} runs use {@link
 * LauncherFactory#create()}, so its reports and history are written as in every real run.
 */
public final class EngineOverheadBenchmark {

  private static final int CLASSES = 500;
  private static final int METHODS = 20;
  private static final String PACKAGE = "ai.dynamo.bench.generated";

  /** The target of issue #4: dynamo's whole run at most 5% above plain Jupiter's. */
  private static final double TARGET = 1.05;

  /** CPU time of the whole JVM (GC and JIT too): steadier than wall time on a shared machine. */
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private EngineOverheadBenchmark() {}

  /** A generated test as the engine should classify it. */
  private record Generated(
      String className, String method, Set<Lifecycle> stages, Optional<TestKind> kind) {

    boolean classified() {
      return !stages.isEmpty() && kind.isPresent();
    }
  }

  /** One way of running a suite; {@code expected} is how many tests it must run. */
  private record Setup(
      String engine,
      String selection,
      Map<String, String> parameters,
      Optional<PostDiscoveryFilter> filter,
      int expected) {}

  /** Medians and minimums of one setup, in nanoseconds. */
  private record Figures(long[] discovery, long[] run, long[] tail, long[] cpu) {}

  public static void main(String[] args) throws Exception {
    int warmups = Integer.getInteger("bench.warmups", 3);
    int rounds = Integer.getInteger("bench.rounds", 9);
    int busyRounds = Integer.getInteger("bench.busyRounds", 5);
    Path work = Files.createTempDirectory("dynamo-overhead-benchmark");
    try {
      Path sources = work.resolve("src");
      Path classes = work.resolve("classes");
      List<Generated> trivial = generate(sources, "trivial", "");
      List<Generated> busy = generate(sources, "busy", "      Work.spin();\n");
      long compileStart = System.nanoTime();
      compile(sources, classes);
      System.out.printf(
          Locale.ROOT,
          "Engine overhead: %,d generated tests in %d classes per variant (compiled in %.1f s);"
              + " %d cores, Java %s%n",
          trivial.size(),
          CLASSES,
          (System.nanoTime() - compileStart) / 1e9,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      URL suite = classes.toUri().toURL();
      Launcher plain =
          LauncherFactory.create(
              LauncherConfig.builder()
                  .enableLauncherDiscoveryListenerAutoRegistration(false)
                  .enablePostDiscoveryFilterAutoRegistration(false)
                  .enableTestExecutionListenerAutoRegistration(false)
                  .enableLauncherSessionListenerAutoRegistration(false)
                  .build());
      Launcher dynamo = LauncherFactory.create();
      System.out.println(
          "bodies   selection           tests  discovery ms: jupiter  dynamo   ratio"
              + "  | run ms: jupiter   dynamo   ratio | CPU ratio | end of run ms");
      Result worst = measure("trivial", trivial, suite, work, plain, dynamo, warmups, rounds);
      if (busyRounds == 0) {
        return;
      }
      Result real = measure("~1 ms", busy, suite, work, plain, dynamo, 1, busyRounds);
      System.out.printf(
          Locale.ROOT,
          "aim (issue #4): dynamo's whole run at most 5%% above plain Jupiter's on 10,000 tests"
              + " with ~1 ms bodies: %s (%+.1f%%; trivial bodies, the worst case: %+.1f%%)%n",
          real.ratio() <= TARGET ? "met" : "NOT met",
          (real.ratio() - 1) * 100,
          (worst.ratio() - 1) * 100);
    } finally {
      deleteRecursively(work);
    }
  }

  /** The run ratio of the setup without selection, dynamo over Jupiter, by medians. */
  private record Result(double ratio) {}

  private static Result measure(
      String bodies,
      List<Generated> tests,
      URL suite,
      Path work,
      Launcher plain,
      Launcher dynamo,
      int warmups,
      int rounds)
      throws Exception {
    String packageName = PACKAGE + "." + (bodies.equals("trivial") ? "trivial" : "busy");
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (String className : tests.stream().map(Generated::className).distinct().toList()) {
      // By name: each run loads the classes in a class loader of its own, as a new JVM would.
      selectors.add(selectClass(packageName + "." + className));
    }
    Path reports = Files.createDirectories(work.resolve("reports-" + packageName));
    Path history = Files.createDirectories(work.resolve("history-" + packageName));
    Map<String, String> dynamoParameters =
        Map.of(
            "dynamo.reports.dir", reports.toString(),
            "dynamo.history", history.toString());
    Set<String> preMerge =
        tests.stream()
            .filter(t -> t.classified() && t.stages().contains(Lifecycle.PRE_MERGE))
            .map(t -> packageName + "." + t.className() + "#" + t.method())
            .collect(Collectors.toSet());
    PostDiscoveryFilter sameTests =
        descriptor ->
            descriptor.getSource().orElse(null) instanceof MethodSource source
                    && !preMerge.contains(source.getClassName() + "#" + source.getMethodName())
                ? FilterResult.excluded("not pre-merge")
                : FilterResult.included("pre-merge or a container");
    Map<String, String> preMergeParameters = new LinkedHashMap<>(dynamoParameters);
    preMergeParameters.put("dynamo.stage", "pre-merge");
    Map<String, String> historyOff = new LinkedHashMap<>(dynamoParameters);
    historyOff.put("dynamo.history", "off");

    List<Setup[]> pairs = new ArrayList<>();
    pairs.add(
        new Setup[] {
          new Setup("junit-jupiter", "all", Map.of(), Optional.empty(), tests.size()),
          new Setup("dynamo", "all", dynamoParameters, Optional.empty(), tests.size())
        });
    pairs.add(
        new Setup[] {
          new Setup(
              "junit-jupiter", "pre-merge", Map.of(), Optional.of(sameTests), preMerge.size()),
          new Setup("dynamo", "pre-merge", preMergeParameters, Optional.empty(), preMerge.size())
        });
    if (bodies.equals("trivial")) {
      pairs.add(
          new Setup[] {
            pairs.get(0)[0],
            new Setup("dynamo", "all, history off", historyOff, Optional.empty(), tests.size())
          });
    }

    Map<Setup, List<long[]>> samples = new LinkedHashMap<>();
    for (Setup[] pair : pairs) {
      for (Setup setup : pair) {
        samples.putIfAbsent(setup, new ArrayList<>());
      }
    }
    List<Setup> order = new ArrayList<>(samples.keySet());
    for (int round = 0; round < warmups + rounds; round++) {
      // Neither engine always goes first.
      java.util.Collections.reverse(order);
      for (Setup setup : order) {
        Launcher launcher = setup.engine().equals("dynamo") ? dynamo : plain;
        long[] sample = once(launcher, request(setup, selectors), setup, suite);
        if (round >= warmups) {
          samples.get(setup).add(sample);
        }
      }
    }

    double allRatio = 0;
    for (Setup[] pair : pairs) {
      Figures jupiter = figures(samples.get(pair[0]));
      Figures engine = figures(samples.get(pair[1]));
      double discoveryRatio = ratio(engine.discovery(), jupiter.discovery());
      double runRatio = ratio(engine.run(), jupiter.run());
      double cpuRatio = ratio(engine.cpu(), jupiter.cpu());
      if (pair == pairs.get(0)) {
        allRatio = runRatio;
      }
      System.out.printf(
          Locale.ROOT,
          "%-8s %-18s %6d  %13s %8s  %6.3f  | %14s %8s  %6.3f | %6.3f | %s%n",
          bodies,
          pair[1].selection(),
          pair[1].expected(),
          millis(jupiter.discovery()),
          millis(engine.discovery()),
          discoveryRatio,
          millis(jupiter.run()),
          millis(engine.run()),
          runRatio,
          cpuRatio,
          millis(engine.tail()));
    }
    System.out.printf(
        Locale.ROOT,
        "  (%s: medians of %d rounds after %d warm-up, fastest in brackets; ratio = median of the"
            + " rounds' dynamo / jupiter, run next to each other; CPU ratio = the same for the"
            + " process CPU time of the runs; end of run = dynamo's reports and history after the"
            + " last test)%n",
        bodies,
        rounds,
        warmups);
    return new Result(allRatio);
  }

  private static LauncherDiscoveryRequest request(Setup setup, List<DiscoverySelector> selectors) {
    LauncherDiscoveryRequestBuilder builder =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectors)
            .filters(EngineFilter.includeEngines(setup.engine()))
            .configurationParameters(setup.parameters());
    setup.filter().ifPresent(builder::filters);
    return builder.build();
  }

  /**
   * Discovers, then runs, {@code setup} once; checks the number of tests each found and ran.
   *
   * @return nanoseconds of discovery, of the whole run, and from the end of the last test to the
   *     end of the run
   */
  private static long[] once(
      Launcher launcher, LauncherDiscoveryRequest request, Setup setup, URL suite)
      throws IOException {
    PrintStream console = System.out;
    URLClassLoader loader =
        new URLClassLoader(new URL[] {suite}, EngineOverheadBenchmark.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Counter counter = new Counter();
    long discovery;
    long start;
    long end;
    long cpu;
    // The engine's console output (summary, unclassified tests) is formatted but not shown.
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
    try {
      System.gc();
      start = System.nanoTime();
      TestPlan plan = launcher.discover(request);
      discovery = System.nanoTime() - start;
      long found = plan.countTestIdentifiers(TestIdentifier::isTest);
      if (found != setup.expected()) {
        throw new IllegalStateException(
            setup.engine()
                + " ("
                + setup.selection()
                + ") discovered "
                + found
                + " tests, expected "
                + setup.expected());
      }
      System.gc();
      cpu = PROCESS.getProcessCpuTime();
      start = System.nanoTime();
      launcher.execute(request, counter);
      end = System.nanoTime();
      cpu = PROCESS.getProcessCpuTime() - cpu;
    } finally {
      System.setOut(console);
      Thread.currentThread().setContextClassLoader(EngineOverheadBenchmark.class.getClassLoader());
      loader.close();
    }
    if (counter.succeeded != setup.expected() || counter.other != 0) {
      throw new IllegalStateException(
          setup.engine()
              + " ("
              + setup.selection()
              + ") ran "
              + counter.succeeded
              + " tests successfully and "
              + counter.other
              + " otherwise, expected "
              + setup.expected()
              + " successful: "
              + counter.firstProblem);
    }
    return new long[] {discovery, end - start, end - counter.rootFinished, cpu};
  }

  /** Counts the tests that ran, so that a broken run cannot look fast. */
  private static final class Counter implements TestExecutionListener {
    int succeeded;
    int other;
    String firstProblem = "";
    long rootFinished;

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
      other++;
      if (firstProblem.isEmpty()) {
        firstProblem = identifier.getUniqueId() + " skipped: " + reason;
      }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
      if (identifier.getParentIdObject().isEmpty()) {
        rootFinished = System.nanoTime();
      }
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        other++;
        if (firstProblem.isEmpty()) {
          firstProblem = identifier.getUniqueId() + ": " + result;
        }
      } else if (identifier.isTest()) {
        succeeded++;
      }
    }
  }

  private static Figures figures(List<long[]> samples) {
    return new Figures(
        samples.stream().mapToLong(s -> s[0]).toArray(),
        samples.stream().mapToLong(s -> s[1]).toArray(),
        samples.stream().mapToLong(s -> s[2]).toArray(),
        samples.stream().mapToLong(s -> s[3]).toArray());
  }

  /** The median of the rounds' ratios: the two runs of a round share the machine's load. */
  private static double ratio(long[] engine, long[] jupiter) {
    double[] ratios = new double[engine.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = (double) engine[i] / jupiter[i];
    }
    Arrays.sort(ratios);
    return ratios.length % 2 == 1
        ? ratios[ratios.length / 2]
        : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
  }

  private static long median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** {@code median (fastest)} in milliseconds. */
  private static String millis(long[] nanos) {
    return String.format(
        Locale.ROOT,
        "%.0f (%.0f)",
        median(nanos) / 1e6,
        Arrays.stream(nanos).min().orElseThrow() / 1e6);
  }

  /**
   * Writes {@value #CLASSES} test classes of {@value #METHODS} methods into {@code sources}, under
   * a package of their own, and returns their tests with the labels the engine should find.
   */
  private static List<Generated> generate(Path sources, String variant, String body)
      throws IOException {
    String packageName = PACKAGE + "." + variant;
    Path dir = Files.createDirectories(sources.resolve(packageName.replace('.', '/')));
    Files.writeString(
        dir.resolve("Work.java"),
        "package "
            + packageName
            + ";\n\n"
            + "final class Work {\n"
            + "  static void spin() {\n"
            + "    long end = System.nanoTime() + 1_000_000L;\n"
            + "    while (System.nanoTime() < end) {\n"
            + "      Thread.onSpinWait();\n"
            + "    }\n"
            + "  }\n"
            + "}\n");
    Random random = new Random(4);
    List<Generated> tests = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) {
      String className = String.format(Locale.ROOT, "Generated%03dTest", c);
      StringBuilder source = new StringBuilder();
      source.append("package ").append(packageName).append(";\n\n");
      source.append("import ai.dynamo.test.api.*;\n");
      source.append("import org.junit.jupiter.api.*;\n\n");
      double kind = random.nextDouble();
      Set<Lifecycle> classStages = EnumSet.noneOf(Lifecycle.class);
      Optional<TestKind> classKind = Optional.empty();
      if (kind >= 0.10) {
        double stage = random.nextDouble();
        classStages.addAll(
            stage < 0.35
                ? List.of(Lifecycle.PRE_MERGE)
                : stage < 0.55
                    ? List.of(Lifecycle.POST_MERGE)
                    : stage < 0.80
                        ? List.of(Lifecycle.NIGHTLY)
                        : List.of(Lifecycle.PRE_MERGE, Lifecycle.NIGHTLY));
        source.append(stageAnnotation(classStages)).append("\n");
      }
      if (kind >= 0.05) {
        double type = random.nextDouble();
        classKind =
            Optional.of(
                type < 0.6 ? TestKind.UNIT : type < 0.9 ? TestKind.INTEGRATION : TestKind.E2E);
        source.append("@TestType(TestKind.").append(classKind.get().name()).append(")\n");
      }
      if (random.nextDouble() < 0.3) {
        source.append("@Tag(\"area-").append(random.nextInt(10)).append("\")\n");
      }
      if (random.nextDouble() < 0.1) {
        source.append("@Requires(commands = \"sh\")\n");
      }
      source.append("class ").append(className).append(" {\n");
      for (int m = 0; m < METHODS; m++) {
        String method = String.format(Locale.ROOT, "test%02d", m);
        Set<Lifecycle> stages = classStages;
        Optional<TestKind> testKind = classKind;
        double annotation = random.nextDouble();
        if (annotation < 0.10) {
          stages = EnumSet.of(random.nextBoolean() ? Lifecycle.NIGHTLY : Lifecycle.PRE_MERGE);
          source.append("  ").append(stageAnnotation(stages)).append("\n");
        } else if (annotation < 0.15) {
          testKind = Optional.of(TestKind.INTEGRATION);
          source.append("  @TestType(TestKind.INTEGRATION)\n");
        }
        double extra = random.nextDouble();
        if (extra < 0.15) {
          source.append("  @Tag(\"").append(random.nextBoolean() ? "slow" : "fast").append("\")\n");
        } else if (extra < 0.18) {
          source.append("  @Requires(commands = {\"sh\", \"ls\"})\n");
        }
        source.append("  @Test\n  void ").append(method).append("() {\n").append(body);
        source.append("  }\n\n");
        tests.add(new Generated(className, method, stages, testKind));
      }
      source.append("}\n");
      Files.writeString(dir.resolve(className + ".java"), source);
    }
    return tests;
  }

  private static String stageAnnotation(Set<Lifecycle> stages) {
    return stages.stream()
        .map(stage -> "Lifecycle." + stage.name())
        .collect(Collectors.joining(", ", "@Stage({", "})"));
  }

  /** Compiles every source under {@code sources} against this JVM's class path. */
  private static void compile(Path sources, Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("No system Java compiler: run the benchmark on a JDK.");
    }
    List<String> arguments = new ArrayList<>();
    arguments.addAll(
        List.of(
            "-proc:none",
            "-nowarn",
            "-d",
            classes.toString(),
            "-classpath",
            System.getProperty("java.class.path")));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> arguments.add(p.toString()));
    }
    StringWriter errors = new StringWriter();
    int status =
        compiler.run(
            null,
            null,
            new PrintStream(OutputStream.nullOutputStream()) {
              @Override
              public void write(byte[] b, int off, int len) {
                errors.write(new String(b, off, len, StandardCharsets.UTF_8));
              }
            },
            arguments.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("The generated suite does not compile:\n" + errors);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}

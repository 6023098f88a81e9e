package ai.dynamo.test.engine.scheduling;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import ai.dynamo.test.engine.history.HistoryRecord.Scope;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.merge.MergeReports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Simulates a sharded stage of a generated suite of 2,000 classes with heavy-tailed durations, and
 * exits non-zero when a promise of docs/scheduling.md does not hold. Run it with {@code
 * benchmarks/shards/run} (or {@code ./mvnw -B -q -o test -Pshard-benchmark -DskipTests -pl
 * dynamo-test-engine -am}).
 *
 * <ol>
 *   <li><b>Balance.</b> For a log-normal and a Pareto suite, the planner's command line plans 8
 *       shards (a) from a history holding the durations and (b) from JUnit XML reports alone
 *       ({@code --seed-from}); the longest planned shard, by the true durations, against the lower
 *       bound {@code max(total/8, longest class)}. Aim: XML-seeded within 2% of the bound.
 *   <li><b>Merge.</b> The suite's classes, generated with passing, failing, skipped, aborted and
 *       repeated tests across stages and types, compiled, and run through the Launcher: once
 *       unsharded, then as shards 1/8 ... 8/8 (split by the log-normal durations, seeded as
 *       history). {@code MergeReports} merges the 8 reports directories; the merged summary's
 *       totals, matrix, excluded tests and every test's outcome must equal the unsharded run's.
 * </ol>
 */
public final class ShardSimulationBenchmark {

  private static final int CLASSES = 2_000;
  private static final int SHARDS = 8;
  private static final double AIM = 1.02;
  private static final String PACKAGE = "ai.dynamo.bench.shards";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShardSimulationBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/shard-simulation").toAbsolutePath();
    deleteRecursively(work);
    Files.createDirectories(work);
    System.out.printf(
        Locale.ROOT,
        "Shard simulation: %,d generated classes, %d shards; %d cores, load average %s; work: %s%n",
        CLASSES,
        SHARDS,
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        work);
    Map<String, Long> lognormal = lognormal(new Random(2026));
    boolean ok = true;
    System.out.println(
        "suite       total        longest   lower bound   planned from  longest shard  ratio");
    ok &= balance("log-normal", lognormal, work.resolve("balance-lognormal"));
    ok &= balance("pareto", pareto(new Random(2027)), work.resolve("balance-pareto"));
    ok &= merge(lognormal, work.resolve("merge"));
    System.out.println(ok ? "shard simulation: all aims met" : "shard simulation: FAILED");
    System.exit(ok ? 0 : 1);
  }

  /** Log-normal around 20 s, sigma 1.3: most classes take seconds, a few many minutes. */
  static Map<String, Long> lognormal(Random random) {
    Map<String, Long> classes = new LinkedHashMap<>();
    for (int i = 0; i < CLASSES; i++) {
      classes.put(
          className(i),
          Math.max(1, Math.round(Math.exp(Math.log(20_000) + 1.3 * random.nextGaussian()))));
    }
    return classes;
  }

  /** Pareto with a minimum of 2 s and shape 1.5: a heavier tail than the log-normal. */
  static Map<String, Long> pareto(Random random) {
    Map<String, Long> classes = new LinkedHashMap<>();
    for (int i = 0; i < CLASSES; i++) {
      double u = 1 - random.nextDouble();
      classes.put(className(i), Math.round(2_000 / Math.pow(u, 1 / 1.5)));
    }
    return classes;
  }

  private static String className(int i) {
    return String.format(Locale.ROOT, "%s.Class%04dTest", PACKAGE, i);
  }

  // ---- 1. Balance: the planner from the history and from JUnit XML reports alone ----

  private static boolean balance(String name, Map<String, Long> truth, Path work)
      throws IOException {
    long total = truth.values().stream().mapToLong(Long::longValue).sum();
    long longest = truth.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long bound = Math.max((total + SHARDS - 1) / SHARDS, longest);

    Path history = work.resolve("history");
    List<HistoryRecord> records = new ArrayList<>();
    truth.forEach(
        (c, millis) ->
            records.add(
                new HistoryRecord("sim", 1, Scope.CLASS, c, millis, Outcome.PASSED, "", "")));
    new HistoryStore(history, 10, System.err::println).write(records, false);
    long fromHistory = longestShard(plan(List.of("--history", history.toString())), truth);

    Path reports = Files.createDirectories(work.resolve("surefire-reports"));
    for (Map.Entry<String, Long> c : truth.entrySet()) {
      writeReport(reports, c.getKey(), c.getValue());
    }
    long fromXml =
        longestShard(
            plan(
                List.of(
                    "--history",
                    work.resolve("seeded-history").toString(),
                    "--seed-from",
                    reports.toString())),
            truth);

    double xmlRatio = fromXml / (double) bound;
    for (String[] row :
        List.of(
            new String[] {"history", String.valueOf(fromHistory)},
            new String[] {"XML reports", String.valueOf(fromXml)})) {
      long shard = Long.parseLong(row[1]);
      System.out.printf(
          Locale.ROOT,
          "%-11s %-12s %-9s %-13s %-13s %-14s %.4f%n",
          row[0].equals("history") ? name : "",
          row[0].equals("history") ? Durations.format(total) : "",
          row[0].equals("history") ? Durations.format(longest) : "",
          row[0].equals("history") ? Durations.format(bound) : "",
          row[0],
          Durations.format(shard),
          shard / (double) bound);
    }
    boolean met = xmlRatio <= AIM;
    System.out.printf(
        Locale.ROOT,
        "  aim (issue #11): planned from XML reports alone within 2%% of the lower bound: %s%n",
        met ? "met" : "NOT met");
    return met;
  }

  /** Surefire's report of one class: the suite's time in seconds, with milliseconds. */
  private static void writeReport(Path dir, String className, long millis) throws IOException {
    String seconds = String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    Files.writeString(
        dir.resolve("TEST-" + className + ".xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\""
            + className
            + "\" time=\""
            + seconds
            + "\" tests=\"1\" errors=\"0\" skipped=\"0\" failures=\"0\">\n  <testcase name=\"works\""
            + " classname=\""
            + className
            + "\" time=\""
            + seconds
            + "\"/>\n</testsuite>\n");
  }

  /** Runs the planner's command line for {@link #SHARDS} shards and returns the JSON it printed. */
  private static String plan(List<String> options) {
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("--shards", String.valueOf(SHARDS)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ShardPlanner.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    if (status != 0) {
      throw new IllegalStateException(
          "ShardPlanner " + args + " failed: " + err.toString(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static final Pattern SHARD_LINE =
      Pattern.compile(
          "\\{\"shard\": \"[0-9]+/[0-9]+\", \"estimatedMillis\": [0-9]+, \"classes\":"
              + " \\[([^\\]]*)\\]\\}");

  /** The longest shard of the plan's partition, by the true durations of its classes. */
  private static long longestShard(String planJson, Map<String, Long> truth) {
    long longest = 0;
    int shards = 0;
    int placed = 0;
    Matcher shard = SHARD_LINE.matcher(planJson);
    while (shard.find()) {
      shards++;
      long load = 0;
      for (String quoted : shard.group(1).split(", ")) {
        if (!quoted.isEmpty()) {
          load += truth.get(quoted.substring(1, quoted.length() - 1));
          placed++;
        }
      }
      longest = Math.max(longest, load);
    }
    if (shards != SHARDS || placed != truth.size()) {
      throw new IllegalStateException(
          "The plan holds " + placed + " classes in " + shards + " shards:\n" + planJson);
    }
    return longest;
  }

  // ---- 2. Merge: real runs of the generated suite, unsharded and in 8 shards ----

  private static boolean merge(Map<String, Long> durations, Path work) throws Exception {
    Path sources = work.resolve("src");
    Path classes = work.resolve("classes");
    long start = System.nanoTime();
    generate(sources);
    compile(sources, classes);
    System.out.printf(
        Locale.ROOT,
        "%nMerge: %,d classes generated and compiled in %.1f s; running them unsharded, then as"
            + " shards 1/%d ... %d/%d (split by the log-normal durations, seeded as history)%n",
        CLASSES,
        (System.nanoTime() - start) / 1e9,
        SHARDS,
        SHARDS,
        SHARDS);
    Path history = work.resolve("history");
    List<HistoryRecord> records = new ArrayList<>();
    durations.forEach(
        (c, millis) ->
            records.add(
                new HistoryRecord(
                    "sim", 1, Scope.CLASS, c, millis, Outcome.PASSED, "nightly", "unit")));
    new HistoryStore(history, 10, System.err::println).write(records, false);

    URL suite = classes.toUri().toURL();
    long unsharded = launch(suite, work.resolve("unsharded"), Map.of("dynamo.history", "off"));
    long machine = 0;
    long wall = 0;
    for (int i = 1; i <= SHARDS; i++) {
      long millis =
          launch(
              suite,
              work.resolve("shards/" + i),
              Map.of("dynamo.shard", i + "/" + SHARDS, "dynamo.history", history.toString()));
      machine += millis;
      wall = Math.max(wall, millis);
    }
    System.out.printf(
        Locale.ROOT,
        "  unsharded run %,d ms; shards: longest %,d ms, all together %,d ms (one JVM, one after"
            + " the other)%n",
        unsharded,
        wall,
        machine);

    // MergeReports' command line, as a CI merge job runs it; it exits the JVM only on failure.
    PrintStream console = System.out;
    ByteArrayOutputStream merged = new ByteArrayOutputStream();
    System.setOut(new PrintStream(merged, true, StandardCharsets.UTF_8));
    try {
      MergeReports.main(
          new String[] {
            "--inputs",
            work.resolve("shards").toString() + "/*",
            "--output",
            work.resolve("merged").toString(),
            "--classes",
            classes.toString()
          });
    } finally {
      System.setOut(console);
    }
    merged
        .toString(StandardCharsets.UTF_8)
        .lines()
        .forEach(line -> System.out.println("  " + line));

    JsonNode expected = view(work.resolve("unsharded/summary.json"));
    JsonNode actual = view(work.resolve("merged/summary.json"));
    System.out.println("  field       unsharded                                  merged");
    boolean equal = true;
    for (String field : List.of("totals", "matrix", "excluded", "tests")) {
      JsonNode a = expected.get(field);
      JsonNode b = actual.get(field);
      boolean same = a.equals(b);
      equal &= same;
      System.out.printf(
          Locale.ROOT,
          "  %-10s  %-42s %s%n",
          field,
          describe(field, a),
          same ? "equal" : "DIFFERS: " + describe(field, b));
      if (!same && a.isArray()) {
        differences(a, b);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "  aim (issue #11): the merged summary's totals and per-test outcomes equal the unsharded"
            + " run's: %s%n",
        equal ? "met" : "NOT met");
    return equal;
  }

  private static String describe(String field, JsonNode node) {
    if (field.equals("totals")) {
      return String.format(
          Locale.ROOT,
          "%d tests: %d passed, %d failed, %d aborted, %d skipped; %d excluded",
          node.path("tests").asInt(),
          node.path("passed").asInt(),
          node.path("failed").asInt(),
          node.path("aborted").asInt(),
          node.path("skipped").asInt(),
          node.path("excluded").asInt());
    }
    return node.size() + " entries";
  }

  private static void differences(JsonNode expected, JsonNode actual) {
    TreeSet<String> a = new TreeSet<>();
    TreeSet<String> b = new TreeSet<>();
    expected.forEach(n -> a.add(n.toString()));
    actual.forEach(n -> b.add(n.toString()));
    a.stream().filter(e -> !b.contains(e)).limit(5).forEach(e -> System.out.println("    - " + e));
    b.stream().filter(e -> !a.contains(e)).limit(5).forEach(e -> System.out.println("    + " + e));
  }

  /** What .ci/shards compares: totals, matrix, excluded tests by name, every test's outcome. */
  private static JsonNode view(Path summary) throws IOException {
    JsonNode root = JSON.readTree(summary.toFile());
    ObjectNode view = JSON.createObjectNode();
    view.set("totals", root.get("totals"));
    view.set("matrix", root.get("matrix"));
    view.set("excluded", sorted(root.get("excluded"), List.of("name", "reason")));
    view.set(
        "tests", sorted(root.get("tests"), List.of("name", "outcome", "message", "invocations")));
    return view;
  }

  private static ArrayNode sorted(JsonNode array, List<String> fields) {
    List<ObjectNode> entries = new ArrayList<>();
    for (JsonNode entry : array) {
      ObjectNode kept = JSON.createObjectNode();
      for (String field : fields) {
        if (entry.has(field)) {
          kept.set(field, entry.get(field));
        }
      }
      entries.add(kept);
    }
    entries.sort(Comparator.comparing(JsonNode::toString));
    ArrayNode sorted = JSON.createArrayNode();
    entries.forEach(sorted::add);
    return sorted;
  }

  /** Runs every generated class under {@code dynamo.stage=nightly}; returns the milliseconds. */
  private static long launch(URL suite, Path reports, Map<String, String> parameters)
      throws IOException {
    LauncherDiscoveryRequestBuilder builder =
        LauncherDiscoveryRequestBuilder.request()
            .configurationParameters(parameters)
            .configurationParameter("dynamo.stage", "nightly")
            .configurationParameter("dynamo.reports.dir", reports.toString())
            .configurationParameter("dynamo.history.revision", "simulated")
            .enableImplicitConfigurationParameters(false);
    for (int i = 0; i < CLASSES; i++) {
      builder.selectors(selectClass(className(i)));
    }
    LauncherDiscoveryRequest request = builder.build();
    PrintStream console = System.out;
    ClassLoader own = ShardSimulationBenchmark.class.getClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {suite}, own)) {
      Thread.currentThread().setContextClassLoader(loader);
      System.setOut(
          new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
      long start = System.nanoTime();
      LauncherFactory.create().execute(request);
      return (System.nanoTime() - start) / 1_000_000;
    } finally {
      System.setOut(console);
      Thread.currentThread().setContextClassLoader(own);
    }
  }

  /**
   * Writes the suite: every class nightly (a fifth pre-merge only, excluded by the stage), of a
   * type by its number, with a passing test, a repeated test, and by its number a failing, a
   * disabled and an aborted one.
   */
  private static void generate(Path sources) throws IOException {
    Path dir = Files.createDirectories(sources.resolve(PACKAGE.replace('.', '/')));
    String[] types = {"UNIT", "INTEGRATION", "E2E", "STRESS"};
    for (int i = 0; i < CLASSES; i++) {
      String simple = className(i).substring(PACKAGE.length() + 1);
      StringBuilder java = new StringBuilder();
      java.append("package ").append(PACKAGE).append(";\n\n");
      java.append("import ai.dynamo.test.api.*;\nimport org.junit.jupiter.api.*;\n");
      java.append("import static org.junit.jupiter.api.Assertions.*;\n");
      java.append("import static org.junit.jupiter.api.Assumptions.*;\n\n");
      java.append("@Stage(Lifecycle.").append(i % 5 == 0 ? "PRE_MERGE" : "NIGHTLY").append(")\n");
      java.append("@TestType(TestKind.").append(types[i % types.length]).append(")\n");
      java.append("class ").append(simple).append(" {\n");
      java.append("  @Test void works() { assertEquals(2, 1 + 1); }\n");
      java.append("  @RepeatedTest(2) void repeats() { assertTrue(true); }\n");
      if (i % 37 == 0) {
        java.append("  @Test void fails() { assertEquals(")
            .append(i)
            .append(", ")
            .append(i + 1)
            .append(", \"off by one in ")
            .append(simple)
            .append("\"); }\n");
      }
      if (i % 41 == 0) {
        java.append("  @Test @Disabled(\"not ready: ")
            .append(simple)
            .append("\") void later() {}\n");
      }
      if (i % 43 == 0) {
        java.append("  @Test void aborts() { assumeTrue(false, \"no GPU here\"); }\n");
      }
      java.append("}\n");
      Files.writeString(dir.resolve(simple + ".java"), java);
    }
  }

  private static void compile(Path sources, Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("No system Java compiler: run the benchmark on a JDK.");
    }
    List<String> arguments =
        new ArrayList<>(
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
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    if (compiler.run(null, null, messages, arguments.toArray(String[]::new)) != 0) {
      throw new IllegalStateException(
          "The generated suite does not compile:\n" + messages.toString(StandardCharsets.UTF_8));
    }
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
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

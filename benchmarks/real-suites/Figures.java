import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Prints the figures of one suite measured by {@code benchmarks/real-suites/run}: whole-build times
 * by round and their ratio, Surefire's counts by outcome for plain Jupiter and the {@code dynamo}
 * engine, whether the engine wrote every report and whether they validate against {@code
 * docs/schemas}, the console lines the engine added, and the end-of-run times.
 *
 * <pre>{@code
 * java -cp <engine test class path> Figures.java <suite dir> <docs/schemas dir> <title>
 * }</pre>
 *
 * <p>A suite directory holds {@code rounds/<n>-plain/} and {@code rounds/<n>-dynamo/}, each with
 * {@code millis}, {@code console.log}, {@code timings.txt}, {@code surefire-reports/} and (for
 * dynamo) {@code dynamo/}.
 */
public final class Figures {

  /** The whole-build aim of the issue: dynamo at most 3% slower than plain Jupiter. */
  private static final double AIM = 1.03;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Surefire's totals for one build, summed over its {@code TEST-*.xml} files. */
  record Counts(long tests, long failures, long errors, long skipped) {
    Counts plus(Counts o) {
      return new Counts(
          tests + o.tests, failures + o.failures, errors + o.errors, skipped + o.skipped);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "tests %,d, failures %,d, errors %,d, skipped %,d",
          tests,
          failures,
          errors,
          skipped);
    }
  }

  /** One measured build. */
  record Build(int round, String variant, Path dir) {
    java.nio.file.attribute.FileTime ended() {
      try {
        return Files.getLastModifiedTime(dir.resolve("millis"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    long millis() {
      return Long.parseLong(read(dir.resolve("millis")).trim());
    }

    /**
     * User plus system CPU time of the build, Maven and its forks, from {@code time -f '%U %S'}.
     */
    long cpuMillis() {
      String[] parts = read(dir.resolve("cpu")).trim().split("\\s+");
      String[] last = Arrays.copyOfRange(parts, parts.length - 2, parts.length);
      return Math.round((Double.parseDouble(last[0]) + Double.parseDouble(last[1])) * 1000);
    }

    Map<String, String> timings() {
      Path file = dir.resolve("timings.txt");
      Map<String, String> values = new HashMap<>();
      if (Files.exists(file)) {
        for (String line : read(file).split("\n")) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            values.put(line.substring(0, eq), line.substring(eq + 1).trim());
          }
        }
      }
      return values;
    }
  }

  public static void main(String[] args) throws Exception {
    Path suite = Path.of(args[0]);
    Path schemas = Path.of(args[1]);
    String title = args[2];
    List<Build> builds = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(suite.resolve("rounds"))) {
      for (Path dir : dirs.sorted().toList()) {
        String[] parts = dir.getFileName().toString().split("-", 2);
        if (Files.exists(dir.resolve("millis"))) {
          builds.add(new Build(Integer.parseInt(parts[0]), parts[1], dir));
        }
      }
    }
    // Builds run one after the other: the order in which they ended is the order in which they ran.
    builds.sort(java.util.Comparator.comparing(Build::ended));
    List<Build> plain = builds.stream().filter(b -> b.variant().equals("plain")).toList();
    List<Build> dynamo = builds.stream().filter(b -> b.variant().equals("dynamo")).toList();
    System.out.println();
    System.out.println("=== " + title);
    times(builds, plain, dynamo);
    counts(plain, dynamo);
    reports(dynamo, schemas);
    console(plain, dynamo);
    endOfRun(plain, dynamo);
  }

  private static void times(List<Build> all, List<Build> plain, List<Build> dynamo) {
    System.out.println("Whole build (mvn test, compiled beforehand), ms, in the order run:");
    StringBuilder order = new StringBuilder("  ");
    for (Build b : all) {
      order.append(String.format(Locale.ROOT, "%d:%s %,d  ", b.round(), b.variant(), b.millis()));
    }
    System.out.println(order.toString().stripTrailing());
    double p = median(plain.stream().mapToLong(Build::millis).toArray());
    double d = median(dynamo.stream().mapToLong(Build::millis).toArray());
    System.out.printf(
        Locale.ROOT,
        "  median plain %,.0f ms, dynamo %,.0f ms: ratio %.3f (aim <= %.2f: %s)%n",
        p,
        d,
        d / p,
        AIM,
        d / p <= AIM ? "met" : "NOT met");
    System.out.println("  CPU time (user + system) of the whole build, ms:");
    StringBuilder cpu = new StringBuilder("  ");
    for (Build b : all) {
      cpu.append(String.format(Locale.ROOT, "%d:%s %,d  ", b.round(), b.variant(), b.cpuMillis()));
    }
    System.out.println(cpu.toString().stripTrailing());
    double pc = median(plain.stream().mapToLong(Build::cpuMillis).toArray());
    double dc = median(dynamo.stream().mapToLong(Build::cpuMillis).toArray());
    System.out.printf(
        Locale.ROOT,
        "  CPU median plain %,.0f ms, dynamo %,.0f ms: ratio %.3f; test JVM CPU median plain %s ms,"
            + " dynamo %s ms%n",
        pc,
        dc,
        dc / pc,
        medianOf(plain, "jvm_cpu_ms"),
        medianOf(dynamo, "jvm_cpu_ms"));
  }

  private static void counts(List<Build> plain, List<Build> dynamo) throws IOException {
    System.out.println("Surefire XML counts (sum of <testsuite> in TEST-*.xml):");
    Map<String, Counts> byBuild = new LinkedHashMap<>();
    for (Build b : concat(plain, dynamo)) {
      byBuild.put(b.round() + "-" + b.variant(), surefire(b.dir().resolve("surefire-reports")));
    }
    Set<Counts> plainCounts =
        plain.stream()
            .map(b -> byBuild.get(b.round() + "-plain"))
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    Set<Counts> dynamoCounts =
        dynamo.stream()
            .map(b -> byBuild.get(b.round() + "-dynamo"))
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    System.out.println("  plain:  " + describe(plainCounts, plain.size()));
    System.out.println("  dynamo: " + describe(dynamoCounts, dynamo.size()));
    boolean identical = plainCounts.size() == 1 && plainCounts.equals(dynamoCounts);
    System.out.println("  identical: " + (identical ? "yes" : "NO"));
    Set<String> plainConsole =
        plain.stream()
            .map(b -> consoleCounts(b).map(Counts::toString).orElse("none"))
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    Set<String> dynamoConsole =
        dynamo.stream()
            .map(b -> consoleCounts(b).map(Counts::toString).orElse("none"))
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    System.out.println("  Surefire's console totals (Results: Tests run ...):");
    System.out.println("    plain:  " + plainConsole);
    System.out.println("    dynamo: " + dynamoConsole);
    System.out.println(
        "    identical: "
            + (plainConsole.size() == 1 && plainConsole.equals(dynamoConsole) ? "yes" : "NO"));
    if (!identical && !plain.isEmpty() && !dynamo.isEmpty()) {
      difference(plain.get(0), dynamo.get(0));
    }
  }

  private static final Pattern CONSOLE_TOTAL =
      Pattern.compile(
          "^\\[(?:INFO|WARNING|ERROR)\\] Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+),"
              + " Skipped: (\\d+)$");

  /** Surefire's own total on the console ({@code Tests run: ...} after {@code Results:}). */
  static java.util.Optional<Counts> consoleCounts(Build b) {
    Counts last = null;
    for (String line : lines(b)) {
      Matcher m = CONSOLE_TOTAL.matcher(line);
      if (m.matches()) {
        last =
            new Counts(
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)));
      }
    }
    return java.util.Optional.ofNullable(last);
  }

  private static String describe(Set<Counts> counts, int builds) {
    if (counts.size() == 1) {
      return counts.iterator().next() + " (the same in all " + builds + " rounds)";
    }
    return "DIFFERENT between rounds: " + counts;
  }

  /** The test cases whose outcome differs between two builds, by class and name. */
  private static void difference(Build plain, Build dynamo) throws IOException {
    Map<String, String> left = cases(plain.dir().resolve("surefire-reports"));
    Map<String, String> right = cases(dynamo.dir().resolve("surefire-reports"));
    Map<String, Integer> kinds = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    for (String key : union(left.keySet(), right.keySet())) {
      String a = left.getOrDefault(key, "absent");
      String b = right.getOrDefault(key, "absent");
      if (!a.equals(b)) {
        kinds.merge("plain " + a + " -> dynamo " + b, 1, Integer::sum);
        if (examples.size() < 8) {
          examples.add("    " + shorten(key, 150) + ": plain " + a + ", dynamo " + b);
        }
      }
    }
    System.out.println("  test cases that differ (round " + plain.round() + "): " + kinds);
    examples.forEach(System.out::println);
  }

  /** The engine's counts, from the console's run summary or from summary.json. */
  record Tally(long passed, long flaky, long failed, long aborted, long skipped) {
    long tests() {
      return passed + flaky + failed + aborted + skipped;
    }

    /** How these counts relate to Surefire's: failed to failures + errors, aborted to skipped. */
    String against(Counts surefire) {
      boolean same =
          tests() == surefire.tests()
              && failed == surefire.failures() + surefire.errors()
              && aborted + skipped == surefire.skipped();
      return String.format(
          Locale.ROOT,
          "tests %,d (passed %,d, flaky %,d, failed %,d, aborted %,d, skipped %,d): %s",
          tests(),
          passed,
          flaky,
          failed,
          aborted,
          skipped,
          same
              ? "agrees with Surefire's (failed = failures + errors, aborted + skipped = skipped)"
              : "DIFFERS from Surefire's " + surefire);
    }
  }

  private static final Pattern TOTAL_ROW =
      Pattern.compile("^\\s+total\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

  /** The {@code total} row of the {@code [dynamo] Run summary} table on the console. */
  private static java.util.Optional<Tally> consoleTally(Build b) {
    boolean inSummary = false;
    for (String line : lines(b)) {
      if (line.startsWith("[dynamo] Run summary")) {
        inSummary = true;
      } else if (inSummary) {
        Matcher m = TOTAL_ROW.matcher(line);
        if (m.matches()) {
          return java.util.Optional.of(
              new Tally(
                  Long.parseLong(m.group(1)),
                  Long.parseLong(m.group(2)),
                  Long.parseLong(m.group(3)),
                  Long.parseLong(m.group(4)),
                  Long.parseLong(m.group(5))));
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static void reports(List<Build> dynamo, Path schemas) throws IOException {
    System.out.println("Reports of the dynamo engine (target/dynamo):");
    JsonSchema summarySchema = schema(schemas.resolve("summary.schema.json"));
    JsonSchema planSchema = schema(schemas.resolve("plan.schema.json"));
    for (Build b : dynamo) {
      Path dir = b.dir().resolve("dynamo");
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d: ", b.round()));
      line.append(validate(dir.resolve("summary.json"), summarySchema)).append("; ");
      line.append(validate(dir.resolve("plan.json"), planSchema)).append("; ");
      line.append(size(dir.resolve("summary.md"))).append("; ");
      line.append(size(dir.resolve("report.html")));
      System.out.println(line);
      Counts surefire = surefire(b.dir().resolve("surefire-reports"));
      java.util.Optional<Counts> console = consoleCounts(b);
      System.out.println(
          "    console run summary: "
              + consoleTally(b).map(t -> t.against(surefire)).orElse("no total row printed"));
      if (console.isPresent() && !console.get().equals(surefire)) {
        System.out.println(
            "      against Surefire's console totals: "
                + consoleTally(b).map(t -> t.against(console.get())).orElse("-"));
      }
      Path summary = dir.resolve("summary.json");
      if (Files.exists(summary)) {
        try {
          JsonNode t = JSON.readTree(summary.toFile()).path("totals");
          Tally tally =
              new Tally(
                  t.path("passed").asLong(),
                  t.path("flaky").asLong(),
                  t.path("failed").asLong(),
                  t.path("aborted").asLong(),
                  t.path("skipped").asLong());
          System.out.println("    summary.json totals: " + tally.against(surefire));
          if (console.isPresent() && !console.get().equals(surefire)) {
            System.out.println(
                "      against Surefire's console totals: " + tally.against(console.get()));
          }
        } catch (IOException e) {
          System.out.println("    summary.json unreadable: " + e.getMessage());
        }
      }
      lines(b).stream()
          .filter(l -> l.startsWith("[dynamo] Could not write"))
          .forEach(l -> System.out.println("    console: " + shorten(l, 200)));
    }
  }

  private static JsonSchema schema(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  private static String validate(Path file, JsonSchema schema) {
    String name = file.getFileName().toString();
    if (!Files.exists(file)) {
      return name + " MISSING";
    }
    try {
      Set<ValidationMessage> problems = schema.validate(JSON.readTree(file.toFile()));
      if (problems.isEmpty()) {
        return String.format(Locale.ROOT, "%s valid (%,d bytes)", name, Files.size(file));
      }
      return name
          + " INVALID ("
          + problems.size()
          + " violations, e.g. "
          + problems.iterator().next().getMessage()
          + ")";
    } catch (IOException e) {
      return name + " NOT JSON (" + shorten(e.getMessage(), 120) + ")";
    }
  }

  private static String size(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (!Files.exists(file)) {
      return name + " MISSING";
    }
    long size = Files.size(file);
    return String.format(Locale.ROOT, "%s %s%,d bytes", name, size == 0 ? "EMPTY " : "", size);
  }

  private static void console(List<Build> plain, List<Build> dynamo) {
    System.out.println("Console (lines of mvn test's output):");
    long[] plainLines = plain.stream().mapToLong(b -> lines(b).size()).toArray();
    long[] dynamoLines = dynamo.stream().mapToLong(b -> lines(b).size()).toArray();
    long[] added = dynamo.stream().mapToLong(b -> engineLines(lines(b)).size()).toArray();
    System.out.printf(
        Locale.ROOT,
        "  plain %s, dynamo %s lines by round; [dynamo] lines and their indented continuations: %s%n",
        Arrays.toString(plainLines),
        Arrays.toString(dynamoLines),
        Arrays.toString(added));
    if (!dynamo.isEmpty()) {
      List<String> engine = engineLines(lines(dynamo.get(0)));
      Map<String, Integer> heads = new LinkedHashMap<>();
      int continuations = 0;
      for (String line : engine) {
        if (line.startsWith("[dynamo]")) {
          heads.merge(shorten(line.replaceAll("[0-9]+", "N"), 150), 1, Integer::sum);
        } else {
          continuations++;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "  round %d: %d [dynamo] lines, %d indented lines after them; the [dynamo] lines:%n",
          dynamo.get(0).round(),
          engine.size() - continuations,
          continuations);
      heads.entrySet().stream()
          .limit(20)
          .forEach(e -> System.out.printf(Locale.ROOT, "    %5d x %s%n", e.getValue(), e.getKey()));
      if (heads.size() > 20) {
        System.out.println("    ... " + (heads.size() - 20) + " more shapes");
      }
    }
  }

  private static List<String> lines(Build b) {
    try {
      byte[] bytes = Files.readAllBytes(b.dir().resolve("console.log"));
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines starting with {@code [dynamo]}, and the indented lines that follow them. */
  static List<String> engineLines(List<String> lines) {
    List<String> engine = new ArrayList<>();
    boolean inBlock = false;
    for (String line : lines) {
      if (line.startsWith("[dynamo]")) {
        inBlock = true;
        engine.add(line);
      } else if (inBlock && !line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
        engine.add(line);
      } else {
        inBlock = false;
      }
    }
    return engine;
  }

  private static void endOfRun(List<Build> plain, List<Build> dynamo) {
    System.out.println("End of run (test JVM, RunTimings listener; medians over rounds):");
    for (List<Build> builds : List.of(plain, dynamo)) {
      if (builds.isEmpty()) {
        continue;
      }
      String variant = builds.get(0).variant();
      System.out.printf(
          Locale.ROOT,
          "  %-6s last test -> JVM end %s ms; between launcher requests %s ms"
              + " (%s requests); request start -> first test %s ms; rounds %s%n",
          variant,
          medianOf(builds, "last_test_to_jvm_end_ms"),
          medianOf(builds, "between_requests_ms"),
          builds.get(0).timings().getOrDefault("plans", "?"),
          medianOf(builds, "request_start_to_first_test_ms"),
          builds.stream()
              .map(b -> b.timings().getOrDefault("last_test_to_jvm_end_ms", "?"))
              .toList());
    }
    List<String> written = new ArrayList<>();
    for (Build b : dynamo) {
      lines(b).stream()
          .filter(l -> l.startsWith("[dynamo] Reports") && l.contains("written in"))
          .map(l -> l.replaceAll(".*written in ([0-9]+) ms.*", "$1"))
          .forEach(written::add);
    }
    System.out.println(
        "  [dynamo] Reports ... written in N ms: "
            + (written.isEmpty() ? "not printed by this engine version" : written));
  }

  private static String medianOf(List<Build> builds, String key) {
    double[] values =
        builds.stream()
            .map(b -> b.timings().get(key))
            .filter(v -> v != null)
            .mapToDouble(Double::parseDouble)
            .toArray();
    if (values.length == 0) {
      return "?";
    }
    Arrays.sort(values);
    double m =
        values.length % 2 == 1
            ? values[values.length / 2]
            : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    return String.format(Locale.ROOT, "%,.0f", m);
  }

  private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");
  private static final Pattern CASE_OR_OUTCOME =
      Pattern.compile("<testcase\\b[^>]*>|<(failure|error|skipped)\\b");

  /**
   * Surefire's totals from the {@code <testsuite>} element of each file. Read as text, not as XML:
   * a report with a NUL or a lone surrogate in a name is not always well-formed XML.
   */
  private static Counts surefire(Path dir) throws IOException {
    Counts total = new Counts(0, 0, 0, 0);
    for (Path file : reportFiles(dir)) {
      Matcher suite = SUITE.matcher(text(file));
      if (suite.find()) {
        String tag = suite.group();
        total =
            total.plus(
                new Counts(
                    number(tag, "tests"),
                    number(tag, "failures"),
                    number(tag, "errors"),
                    number(tag, "skipped")));
      }
    }
    return total;
  }

  /** Every test case of a build by class and name, with its outcome. */
  private static Map<String, String> cases(Path dir) throws IOException {
    Map<String, String> cases = new HashMap<>();
    for (Path file : reportFiles(dir)) {
      Matcher m = CASE_OR_OUTCOME.matcher(text(file));
      String current = null;
      while (m.find()) {
        if (m.group(1) == null) {
          String tag = m.group();
          String name = attribute(tag, "classname") + " # " + attribute(tag, "name");
          current = name;
          for (int n = 2; cases.containsKey(current); n++) {
            current = name + " (" + n + ")";
          }
          cases.put(current, "passed");
        } else if (current != null) {
          cases.put(current, m.group(1));
        }
      }
    }
    return cases;
  }

  private static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static String attribute(String tag, String name) {
    Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
    return m.find() ? m.group(1) : "";
  }

  private static long number(String tag, String name) {
    String value = attribute(tag, name);
    return value.isEmpty() ? 0 : Long.parseLong(value.trim());
  }

  private static List<Path> reportFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              f ->
                  f.getFileName().toString().startsWith("TEST-")
                      && f.getFileName().toString().endsWith(".xml"))
          .sorted()
          .toList();
    }
  }

  private static double median(long[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static String shorten(String text, int max) {
    String clean = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= max ? clean : clean.substring(0, max) + "...";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

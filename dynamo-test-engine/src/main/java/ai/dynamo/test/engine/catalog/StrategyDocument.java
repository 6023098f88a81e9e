package ai.dynamo.test.engine.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.labels.LabelNames;
import ai.dynamo.test.engine.merge.ForeignTests;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.report.ReportJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Keeps the life-cycle table of a testing-strategy document true: combines the pipeline
 * configuration (see {@link PipelineConfig}) with the tests the plans list, and writes the table
 * between two markers of a Markdown document, or checks that the committed table still matches.
 *
 * <pre>
 * ./mvnw -B verify -Ddynamo.dry-run=true        # every module writes target/dynamo/plan.json
 * java -cp "$ENGINE_CLASSPATH" ai.dynamo.test.engine.catalog.StrategyDocument --check \
 *     --pipelines dynamo-pipelines.properties --document docs/testing-strategy.md \
 *     dynamo-test-engine/target/dynamo/plan.json dynamo-test-examples/target/dynamo/plan.json
 * </pre>
 *
 * <p>A plan may be given as the reports directory that holds it: the merged directory of {@code
 * MergeReports} holds a plan with the tests of other runners (pytest, cargo-nextest) merged in,
 * under the stages and types its {@code --foreign-rules} gave them. Those runners' JUnit XML can
 * also be given directly, with the same rules: {@code --junit-xml
 * pytest:junit.xml,nextest:junit.xml --foreign-rules dynamo-foreign.properties}.
 *
 * <p>The document holds {@value #BEGIN} and {@value #END} lines; everything between them is
 * generated, everything around them is the team's own text. Exit status: 0, 1 when {@code --check}
 * finds the document out of date (the difference is printed), 2 for bad arguments or input.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class StrategyDocument {

  static final String BEGIN = "<!-- dynamo:strategy-table:begin -->";
  static final String END = "<!-- dynamo:strategy-table:end -->";
  private static final String USAGE =
      "Usage: StrategyDocument --write|--check --pipelines FILE --document FILE"
          + " [--junit-xml RUNNER:FILE,... [--foreign-rules FILE]] PLAN.json|REPORTS-DIR...";

  private StrategyDocument() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Writes or checks as {@code args} say, and returns the exit status. For the Maven plugin. */
  @API(status = API.Status.INTERNAL, since = "0.1")
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Boolean check = null;
    Path pipelines = null;
    Path document = null;
    List<Path> plans = new ArrayList<>();
    List<String> junitXml = new ArrayList<>();
    Path foreignRules = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--write" -> check = false;
        case "--check" -> check = true;
        case "--pipelines", "--document", "--junit-xml", "--foreign-rules" -> {
          if (i + 1 == args.length) {
            err.println(args[i] + " needs a value. " + USAGE);
            return 2;
          }
          String value = args[++i];
          switch (args[i - 1]) {
            case "--pipelines" -> pipelines = Path.of(value);
            case "--document" -> document = Path.of(value);
            case "--junit-xml" ->
                Arrays.stream(value.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .forEach(junitXml::add);
            default -> foreignRules = Path.of(value);
          }
        }
        default -> plans.add(Path.of(args[i]));
      }
    }
    if (check == null
        || pipelines == null
        || document == null
        || (plans.isEmpty() && junitXml.isEmpty())
        || (foreignRules != null && junitXml.isEmpty())) {
      err.println(USAGE);
      return 2;
    }
    try {
      List<Plan.PlannedTest> tests = new ArrayList<>();
      for (Path given : plans) {
        Path plan = Files.isDirectory(given) ? given.resolve("plan.json") : given;
        if (!Files.isRegularFile(plan)) {
          err.println(
              "No plan at "
                  + plan
                  + ": run the module's tests first, for example with -Ddynamo.dry-run=true.");
          return 2;
        }
        tests.addAll(ReportJson.read(Files.readString(plan), Plan.class).tests());
      }
      if (!junitXml.isEmpty()) {
        tests.addAll(ForeignTests.read(junitXml, foreignRules, Path.of("")).planned());
      }
      String table = table(PipelineConfig.load(pipelines), tests);
      String current = Files.readString(document);
      String updated = replace(current, table, document);
      if (!check) {
        if (!updated.equals(current)) {
          Files.writeString(document, updated);
        }
        out.println(
            "Wrote the life-cycle table of " + document + " from " + tests.size() + " tests.");
        return 0;
      }
      if (updated.equals(current)) {
        out.println(document + " matches the tests and " + pipelines + ".");
        return 0;
      }
      err.println(
          document
              + " no longer matches the tests and "
              + pipelines
              + ". Differences (- committed, + from the code):");
      err.print(diff(current.lines().toList(), updated.lines().toList()));
      err.println("Run StrategyDocument with --write instead of --check to update it.");
      return 1;
    } catch (IOException | ConfigurationException | IllegalArgumentException e) {
      // IllegalArgumentException: another runner's report that is missing or not JUnit XML.
      err.println(e.getMessage());
      return 2;
    }
  }

  /** The generated part of the document: the life-cycle table and the tests per stage. */
  static String table(PipelineConfig pipelines, List<Plan.PlannedTest> plannedTests) {
    Map<String, Plan.PlannedTest> tests = new LinkedHashMap<>();
    plannedTests.forEach(test -> tests.putIfAbsent(test.name(), test));
    Map<Lifecycle, List<Plan.PlannedTest>> byStage = new EnumMap<>(Lifecycle.class);
    int unclassified = 0;
    for (Plan.PlannedTest test : tests.values()) {
      if (test.stages().isEmpty() || test.type() == null) {
        unclassified++;
      }
      for (String stage : test.stages()) {
        LabelNames.parse(Lifecycle.class, stage)
            .ifPresent(s -> byStage.computeIfAbsent(s, k -> new ArrayList<>()).add(test));
      }
    }
    Set<Lifecycle> stages = EnumSet.noneOf(Lifecycle.class);
    for (Lifecycle stage : Lifecycle.values()) {
      if (pipelines.has(stage) || byStage.containsKey(stage)) {
        stages.add(stage);
      }
    }
    Set<TestKind> kinds = EnumSet.noneOf(TestKind.class);
    tests.values().stream()
        .map(Plan.PlannedTest::type)
        .filter(type -> type != null)
        .forEach(type -> LabelNames.parse(TestKind.class, type).ifPresent(kinds::add));

    StringBuilder md = new StringBuilder();
    md.append(
        "| Life-cycle | Test Runner | Local Environment | Local Command | CI Environment | CI"
            + " Command |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (Lifecycle stage : stages) {
      md.append("| ").append(LabelNames.of(stage));
      for (String field :
          List.of("runner", "local.environment", "local.command", "ci.environment", "ci.command")) {
        md.append(" | ").append(cell(pipelines, stage, field));
      }
      md.append(" |\n");
    }
    md.append("\n| Life-cycle | Trigger | Time budget | Tests");
    kinds.forEach(kind -> md.append(" | ").append(LabelNames.of(kind)));
    md.append(" | Requirements |\n|---|---|---|--:");
    kinds.forEach(kind -> md.append("|--:"));
    md.append("|---|\n");
    for (Lifecycle stage : stages) {
      List<Plan.PlannedTest> inStage = byStage.getOrDefault(stage, List.of());
      md.append("| ")
          .append(LabelNames.of(stage))
          .append(" | ")
          .append(cell(pipelines, stage, "trigger"))
          .append(" | ")
          .append(cell(pipelines, stage, "budget"))
          .append(" | ")
          .append(inStage.size());
      for (TestKind kind : kinds) {
        md.append(" | ")
            .append(inStage.stream().filter(t -> LabelNames.of(kind).equals(t.type())).count());
      }
      Map<String, Long> requirements = new TreeMap<>();
      inStage.forEach(t -> t.requirements().forEach(r -> requirements.merge(r, 1L, Long::sum)));
      md.append(" | ")
          .append(
              requirements.isEmpty()
                  ? "none"
                  : requirements.entrySet().stream()
                      .map(e -> e.getKey() + ": " + e.getValue())
                      .collect(Collectors.joining(", ")))
          .append(" |\n");
    }
    long byRule =
        tests.values().stream().filter(t -> t.classifiedBy() != null && t.runner() == null).count();
    Map<String, Long> byRunner = new TreeMap<>();
    tests.values().stream()
        .filter(t -> t.runner() != null)
        .forEach(t -> byRunner.merge(t.runner(), 1L, Long::sum));
    md.append("\n")
        .append(tests.size())
        .append(" tests in all; ")
        .append(unclassified)
        .append(" unclassified (no stage or no type)")
        .append(
            byRule == 0
                ? ""
                : "; "
                    + byRule
                    + " classified by rule (dynamo.classification.rules), not by annotation,"
                    + " and counted as classified")
        .append(
            byRunner.isEmpty()
                ? ""
                : "; "
                    + byRunner.values().stream().mapToLong(Long::longValue).sum()
                    + " from other runners' JUnit XML ("
                    + byRunner.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "))
                    + "), classified by their markers and names (--foreign-rules)")
        .append(". A test in several stages counts in each.\n");
    return md.toString();
  }

  private static String cell(PipelineConfig pipelines, Lifecycle stage, String field) {
    if (!pipelines.has(stage)) {
      return "not configured";
    }
    String value = pipelines.get(stage, field);
    if (value.isEmpty()) {
      return "—";
    }
    String escaped = value.replace("|", "\\|");
    return field.endsWith("command") ? "`" + escaped + "`" : escaped;
  }

  static String replace(String document, String table, Path where) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new ConfigurationException(
          where
              + " has no generated section: add a line "
              + BEGIN
              + " and, after it, a line "
              + END
              + " where the life-cycle table belongs.");
    }
    return document.substring(0, begin + BEGIN.length()) + "\n" + table + document.substring(end);
  }

  /** A line diff: the lines only in {@code before} with "-", only in {@code after} with "+". */
  static String diff(List<String> before, List<String> after) {
    int[][] lcs = new int[before.size() + 1][after.size() + 1];
    for (int i = before.size() - 1; i >= 0; i--) {
      for (int j = after.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            before.get(i).equals(after.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder diff = new StringBuilder();
    int i = 0;
    int j = 0;
    while (i < before.size() || j < after.size()) {
      if (i < before.size() && j < after.size() && before.get(i).equals(after.get(j))) {
        i++;
        j++;
      } else if (j < after.size() && (i == before.size() || lcs[i][j + 1] > lcs[i + 1][j])) {
        diff.append("+ ").append(after.get(j++)).append("\n");
      } else {
        diff.append("- ").append(before.get(i++)).append("\n");
      }
    }
    return diff.toString();
  }
}

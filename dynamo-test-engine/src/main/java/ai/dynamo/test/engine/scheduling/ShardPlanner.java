package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.affected.TestClassMapStore;
import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.history.DurationHistory;
import ai.dynamo.test.engine.history.DurationHistory.Stats;
import ai.dynamo.test.engine.history.HistoryRecord;
import ai.dynamo.test.engine.history.HistorySettings;
import ai.dynamo.test.engine.history.HistoryStore;
import ai.dynamo.test.engine.history.JUnitXmlReports;
import ai.dynamo.test.engine.labels.LabelNames;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Answers "how many shards does this stage need to finish in 30 minutes", and prints the split as
 * JSON, ready to feed a CI matrix. It plans from the settled history, exactly as each shard's run
 * ({@code dynamo.shard=i/n}) will, so the printed partition is the one that runs.
 *
 * <pre>
 * java -cp "$(cat cp.txt)" ai.dynamo.test.engine.scheduling.ShardPlanner \
 *     --history target/dynamo-history --stage nightly --budget 30m [--promote]
 * </pre>
 *
 * <p>Options: {@code --history DIR} (default {@code target/dynamo-history}), {@code --seed-from
 * DIR,...} (first record the class durations of the JUnit XML reports there, {@link
 * ai.dynamo.test.engine.history.JUnitXmlReports}), {@code --stage S} and {@code --type T} (only
 * classes recorded with that stage or type), either {@code --budget D} (the fewest shards whose
 * longest shard fits; up to {@code --max-shards}, default 256) or {@code --shards N}, and {@code
 * --promote} to settle the records that shard runs left in {@code incoming/} first. {@code
 * --includes-dir DIR} also writes each shard's classes to {@code DIR/shard-<i>-of-<n>.txt} in
 * Surefire's include file format ({@code -Dsurefire.includesFile}), for CI systems that hand each
 * job a list of classes.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ShardPlanner {

  private ShardPlanner() {}

  /** A plan: how many shards, and what each runs. */
  public record Plan(
      int shards,
      Optional<Duration> budget,
      boolean fits,
      long totalMillis,
      long longestClassMillis,
      ShardPartition partition) {

    /** The lower bound of any split into {@link #shards} shards: {@code max(total/n, longest)}. */
    public long lowerBoundMillis() {
      return Math.max((totalMillis + shards - 1) / shards, longestClassMillis);
    }
  }

  /** Plans {@code classes} (recorded milliseconds by class) for {@code budget}. */
  public static Plan forBudget(Map<String, Long> classes, Duration budget, int maxShards) {
    long total = 0;
    long longest = 0;
    for (long millis : classes.values()) {
      total += millis;
      longest = Math.max(longest, millis);
    }
    long limit = budget.toMillis();
    int start = (int) Math.max(1, Math.min(maxShards, (total + limit - 1) / limit));
    ShardPartition best = null;
    for (int n = start; n <= maxShards; n++) {
      ShardPartition partition = ShardPartition.of(classes, n);
      if (partition.makespan() <= limit) {
        return new Plan(n, Optional.of(budget), true, total, longest, partition);
      }
      if (best == null || partition.makespan() < best.makespan()) {
        best = partition;
      }
      if (partition.makespan() == longest) {
        break;
      }
    }
    return new Plan(best.count(), Optional.of(budget), false, total, longest, best);
  }

  /** Plans {@code classes} for a fixed number of shards. */
  public static Plan forShards(Map<String, Long> classes, int shards) {
    long total = 0;
    long longest = 0;
    for (long millis : classes.values()) {
      total += millis;
      longest = Math.max(longest, millis);
    }
    ShardPartition partition = ShardPartition.of(classes, shards);
    return new Plan(shards, Optional.empty(), true, total, longest, partition);
  }

  /** The classes of {@code history} recorded with {@code stage} and {@code type} (when given). */
  public static Map<String, Long> classes(
      DurationHistory history, Optional<String> stage, Optional<String> type) {
    Map<String, Long> classes = new HashMap<>();
    for (Map.Entry<String, Stats> entry : history.classes().entrySet()) {
      String stages = entry.getValue().latest().stages();
      String kind = entry.getValue().latest().kind();
      boolean stageFits =
          stage.isEmpty() || stages.isEmpty() || List.of(stages.split(",")).contains(stage.get());
      boolean typeFits = type.isEmpty() || kind.isEmpty() || kind.equals(type.get());
      if (stageFits && typeFits) {
        classes.put(entry.getKey(), entry.getValue().meanMillis());
      }
    }
    return classes;
  }

  /** The plan as JSON: the shard count, a matrix of {@code dynamo.shard} values, and each split. */
  public static String toJson(Plan plan) {
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"shards\": ").append(plan.shards());
    plan.budget().ifPresent(b -> json.append(",\n  \"budgetMillis\": ").append(b.toMillis()));
    json.append(",\n  \"fitsBudget\": ").append(plan.fits());
    json.append(",\n  \"totalMillis\": ").append(plan.totalMillis());
    json.append(",\n  \"longestClassMillis\": ").append(plan.longestClassMillis());
    json.append(",\n  \"makespanMillis\": ").append(plan.partition().makespan());
    json.append(",\n  \"lowerBoundMillis\": ").append(plan.lowerBoundMillis());
    json.append(",\n  \"matrix\": [");
    for (int i = 1; i <= plan.shards(); i++) {
      json.append(i > 1 ? ", " : "")
          .append('"')
          .append(i)
          .append('/')
          .append(plan.shards())
          .append('"');
    }
    // GitHub Actions' matrix form: fromJSON of {"include": [...]} gives one job per entry.
    long[] loads = plan.partition().loads();
    json.append("],\n  \"include\": [");
    for (int i = 0; i < plan.shards(); i++) {
      json.append(i > 0 ? ", " : "")
          .append("{\"shard\": \"")
          .append(i + 1)
          .append('/')
          .append(plan.shards())
          .append("\", \"estimatedMillis\": ")
          .append(loads[i])
          .append(", \"estimated\": \"")
          .append(Durations.format(loads[i]))
          .append("\"}");
    }
    json.append("],\n  \"unknownClasses\": \"a class without settled history runs in shard")
        .append(" 1 + hash(class name) mod shards\",\n  \"partition\": [");
    for (int i = 0; i < plan.shards(); i++) {
      json.append(i > 0 ? "," : "").append("\n    {\"shard\": \"").append(i + 1).append('/');
      json.append(plan.shards()).append("\", \"estimatedMillis\": ").append(loads[i]);
      json.append(", \"classes\": [");
      List<String> classes = plan.partition().classesOf(i);
      for (int c = 0; c < classes.size(); c++) {
        json.append(c > 0 ? ", " : "").append('"').append(escape(classes.get(c))).append('"');
      }
      json.append("]}");
    }
    json.append("\n  ]\n}");
    return json.toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Runs the planner; see the class documentation for the options. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The options that take a value, without their leading {@code --}. */
  private static final List<String> VALUED =
      List.of(
          "history",
          "seed-from",
          "stage",
          "type",
          "budget",
          "max-shards",
          "shards",
          "includes-dir");

  /**
   * Runs the planner with {@code args}, printing the plan to {@code out} and problems to {@code
   * err}, and returns the exit status: 0, or 2 for a bad command line. For the Maven plugin.
   */
  @API(status = API.Status.INTERNAL, since = "0.1")
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2) : "";
      if (arg.equals("--promote")) {
        flags.add(arg);
      } else if (!VALUED.contains(name)) {
        err.println(
            "Unknown option '"
                + arg
                + "': the options are --"
                + String.join(", --", VALUED)
                + " and --promote. "
                + usage());
        return 2;
      } else if (i + 1 == args.length || args[i + 1].startsWith("--")) {
        err.println("Option " + arg + " needs a value. " + usage());
        return 2;
      } else if (options.put(name, args[++i]) != null) {
        err.println("Option " + arg + " is given twice. " + usage());
        return 2;
      }
    }
    Optional<String> invalid = invalid(options);
    if (invalid.isPresent()) {
      err.println(invalid.get() + " " + usage());
      return 2;
    }
    Path directory =
        Optional.ofNullable(options.get("history"))
            .map(Path::of)
            .orElse(Path.of("target", "dynamo-history"));
    HistoryStore store = new HistoryStore(directory, HistorySettings.DEFAULT_WINDOW, err::println);
    if (flags.contains("--promote")) {
      store.settle();
      TestClassMapStore.of(directory).settle();
    }
    if (options.containsKey("seed-from")) {
      List<HistoryRecord> seeded;
      try {
        seeded =
            JUnitXmlReports.read(
                Arrays.stream(options.get("seed-from").split(","))
                    .map(String::strip)
                    .filter(dir -> !dir.isEmpty())
                    .map(Path::of)
                    .toList());
      } catch (IllegalArgumentException | UncheckedIOException e) {
        err.println("Invalid --seed-from " + options.get("seed-from") + ": " + e.getMessage());
        return 2;
      }
      store.write(seeded, false);
      err.println(
          "[dynamo] seeded the history in "
              + directory
              + " with the durations of "
              + seeded.size()
              + " classes from the JUnit XML reports in "
              + options.get("seed-from"));
      if (!options.containsKey("budget") && !options.containsKey("shards")) {
        return 0;
      }
    }
    Map<String, Long> classes =
        classes(
            store.readSettled(),
            Optional.ofNullable(options.get("stage")).map(LabelNames::normalize),
            Optional.ofNullable(options.get("type")).map(LabelNames::normalize));
    if (classes.isEmpty()) {
      err.println(
          "[dynamo] no settled history of matching classes in "
              + directory
              + ": run the stage once without dynamo.shard to record it.");
    }
    Plan plan;
    if (options.containsKey("budget")) {
      Optional<Duration> budget = Durations.parse(options.get("budget"));
      if (budget.isEmpty()) {
        err.println(
            "Invalid --budget " + options.get("budget") + ": use 30m, 1h30m, 90s. " + usage());
        return 2;
      }
      int max = Integer.parseInt(options.getOrDefault("max-shards", "256"));
      plan = forBudget(classes, budget.get(), max);
    } else if (options.containsKey("shards")) {
      plan = forShards(classes, Integer.parseInt(options.get("shards")));
    } else {
      err.println(usage());
      return 2;
    }
    if (options.containsKey("includes-dir")) {
      Path includes = Path.of(options.get("includes-dir"));
      try {
        ShardIncludes.write(plan.partition(), includes);
      } catch (IOException | UncheckedIOException e) {
        err.println("Could not write the include files to --includes-dir " + includes + ": " + e);
        return 1;
      }
      err.println(
          "[dynamo] wrote the classes of each shard to "
              + includes.resolve(ShardIncludes.fileName(1, plan.shards()))
              + (plan.shards() > 1
                  ? " ... " + ShardIncludes.fileName(plan.shards(), plan.shards())
                  : "")
              + " (-Dsurefire.includesFile=...)");
    }
    out.println(toJson(plan));
    if (!plan.fits()) {
      err.println(
          "[dynamo] WARNING: no split fits the budget: the longest class alone takes "
              + Durations.format(plan.longestClassMillis())
              + ".");
    }
    return 0;
  }

  /** What is wrong with the values of {@code options}, if anything. */
  private static Optional<String> invalid(Map<String, String> options) {
    for (String name : List.of("shards", "max-shards")) {
      String value = options.get(name);
      if (value != null && !value.matches("[1-9][0-9]{0,5}")) {
        return Optional.of("Invalid --" + name + " " + value + ": expected a whole number >= 1.");
      }
    }
    if (options.containsKey("shards") && options.containsKey("budget")) {
      return Optional.of("Give either --budget or --shards, not both.");
    }
    if (options.containsKey("max-shards") && !options.containsKey("budget")) {
      return Optional.of("--max-shards bounds --budget's search: give --budget too.");
    }
    if (options.containsKey("includes-dir")
        && !options.containsKey("budget")
        && !options.containsKey("shards")) {
      return Optional.of(
          "--includes-dir writes the shards of a plan: give --budget or --shards too.");
    }
    String includes = options.get("includes-dir");
    if (includes != null
        && Files.exists(Path.of(includes))
        && !Files.isDirectory(Path.of(includes))) {
      return Optional.of("Invalid --includes-dir " + includes + ": it is a file, not a directory.");
    }
    String stage = options.get("stage");
    if (stage != null && LabelNames.parse(Lifecycle.class, stage).isEmpty()) {
      return Optional.of(
          "Unknown --stage " + stage + ": the stages are " + LabelNames.all(Lifecycle.class) + ".");
    }
    String type = options.get("type");
    if (type != null && LabelNames.parse(TestKind.class, type).isEmpty()) {
      return Optional.of(
          "Unknown --type " + type + ": the types are " + LabelNames.all(TestKind.class) + ".");
    }
    return Optional.empty();
  }

  private static String usage() {
    return "Usage: ShardPlanner [--history DIR] [--seed-from DIR,...] [--stage S] [--type T]"
        + " [--promote]"
        + " (--budget 30m [--max-shards N] | --shards N) [--includes-dir DIR]";
  }
}

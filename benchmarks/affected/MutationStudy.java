package bench.affected;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The safety and savings of {@code dynamo.affected}, measured by mutation: on a compiled Maven
 * project whose working tree is clean at a git ref, applies seeded single-site mutations to main
 * code (a flipped condition or operator, a changed constant, a removed call), one at a time, and
 * for each runs the full suite of every module that can see the mutated class, then asks the engine
 * which tests {@code -Ddynamo.affected=<ref>} selects for the same change (a dry run: the selection
 * depends only on the changed files, so it is asked once per file). A mutation is caught by the
 * full suite when a test that passed at the ref fails; it is caught by the selection when one of
 * those tests is selected.
 *
 * <p>Before the mutations, every module's tests run once at the ref with the JaCoCo agent, which
 * records the test-to-class map and the durations the selection and its time share use.
 *
 * <pre>{@code
 * java -cp TOOLS bench.affected.MutationStudy --project DIR --modules a,b --ref REF \
 *     --mutations 200 --seed 1 --agent jacocoagent.jar --tools TOOLS --out DIR
 * }</pre>
 *
 * Each module directory must hold {@code target/classes}, {@code target/test-classes} and {@code
 * target/study-classpath.txt} (its test class path, from {@code dependency:build-classpath}).
 */
public final class MutationStudy {

  record Module(String name, Path dir, List<Path> classpath) {
    Path classes() {
      return dir.resolve("target/classes");
    }

    Path testClasses() {
      return dir.resolve("target/test-classes");
    }

    boolean sees(Module other) {
      return other == this || classpath.contains(other.classes());
    }
  }

  record Site(Module module, Path file, int line, String operator, int start, int end, String to) {
    String describe(Path root) {
      return root.relativize(file) + ":" + (line + 1) + " " + operator;
    }
  }

  record Selection(Set<String> selected, int tests, long selectedMillis, long totalMillis) {}

  private final Path project;
  private final List<Module> modules = new ArrayList<>();
  private final String moduleNames;
  private String ref;
  private final Path agent;
  private final String tools;
  private final Path out;

  /** More options of the JaCoCo agent, such as {@code ,includes=com.example.*}; empty for none. */
  private final String agentOptions;

  /** A rules file the replay also selects with, next to the default rules; null for none. */
  private final Path rules;

  private final Map<String, Set<String>> baselineFailures = new HashMap<>();
  private final Map<String, Long> baselineMillis = new HashMap<>();
  private final Map<Path, Selection> selections = new HashMap<>();

  /** Each test's duration (class#method), from the plan of the last run of every test. */
  private final Map<String, Long> durations = new HashMap<>();

  private MutationStudy(Map<String, String> options) throws IOException {
    project = Path.of(options.get("project")).toAbsolutePath().normalize();
    ref = options.get("ref");
    agent = Path.of(options.get("agent")).toAbsolutePath();
    tools = options.get("tools");
    out = Path.of(options.get("out")).toAbsolutePath();
    Files.createDirectories(out);
    rules = options.containsKey("rules") ? Path.of(options.get("rules")).toAbsolutePath() : null;
    agentOptions = options.containsKey("agent-options") ? "," + options.get("agent-options") : "";
    moduleNames = options.get("modules");
    loadModules();
  }

  /** Reads the modules' class paths: again after every build of the replay. */
  private void loadModules() throws IOException {
    modules.clear();
    for (String name : moduleNames.split(",")) {
      Path dir = project.resolve(name).normalize();
      String line = Files.readString(dir.resolve("target/study-classpath.txt")).strip();
      List<Path> classpath = new ArrayList<>();
      for (String entry : line.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          classpath.add(Path.of(entry).toAbsolutePath().normalize());
        }
      }
      modules.add(new Module(name, dir, classpath));
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    MutationStudy study = new MutationStudy(options);
    if (options.containsKey("overhead")) {
      study.overhead(
          Integer.parseInt(options.get("overhead")),
          options.getOrDefault("title", study.project.getFileName().toString()));
      return;
    }
    if (options.containsKey("replay")) {
      study.replay(
          Integer.parseInt(options.get("replay")),
          options.get("build"),
          options.getOrDefault("title", study.project.getFileName().toString()));
      return;
    }
    study.run(
        Integer.parseInt(options.getOrDefault("mutations", "200")),
        Long.parseLong(options.getOrDefault("seed", "1")),
        Long.parseLong(options.getOrDefault("minutes", "0")),
        options.getOrDefault("title", study.project.getFileName().toString()));
  }

  /**
   * The study proper; {@code minutes} above 0 stops applying mutations once that much time has
   * passed, and the figures say how many of the wanted ones were applied.
   */
  private void run(int wanted, long seed, long minutes, String title) throws Exception {
    long started = System.nanoTime();
    boolean outOfTime = false;
    for (Module module : modules) {
      if (!Files.isDirectory(module.testClasses())) {
        continue;
      }
      long begin = System.nanoTime();
      Set<String> failed = runTests(module, List.of(), List.of(), true);
      baselineMillis.put(module.name, (System.nanoTime() - begin) / 1_000_000);
      baselineFailures.put(module.name, failed);
      log("baseline " + module.name + ": " + failed.size() + " failing at " + ref);
    }
    List<Site> sites = sites();
    Collections.shuffle(sites, new Random(seed));
    log(sites.size() + " mutation sites in main code; applying " + wanted + " (seed " + seed + ")");

    int applied = 0;
    int uncompiled = 0;
    int timedOut = 0;
    int caught = 0;
    int caughtBySelection = 0;
    double testShare = 0;
    double timeShare = 0;
    List<String> missed = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (Site site : sites) {
      if (applied == wanted) {
        break;
      }
      if (minutes > 0 && System.nanoTime() - started > TimeUnit.MINUTES.toNanos(minutes)) {
        outOfTime = true;
        break;
      }
      String original = Files.readString(site.file);
      List<String> lines = new ArrayList<>(original.lines().toList());
      String line = lines.get(site.line);
      lines.set(site.line, line.substring(0, site.start) + site.to + line.substring(site.end));
      Path overlay = Files.createTempDirectory(out, "overlay");
      try {
        Files.writeString(site.file, String.join("\n", lines) + "\n");
        if (!compile(site, overlay)) {
          uncompiled++;
          continue;
        }
        applied++;
        Set<String> failed = new TreeSet<>();
        boolean timeout = false;
        for (Module module : modules) {
          if (!module.sees(site.module) || !baselineFailures.containsKey(module.name)) {
            continue;
          }
          Set<String> moduleFailed = runTests(module, List.of(overlay), List.of(), false);
          if (moduleFailed == null) {
            timeout = true;
            continue;
          }
          moduleFailed.removeAll(baselineFailures.get(module.name));
          failed.addAll(moduleFailed);
        }
        if (!selections.containsKey(site.file)) {
          selections.put(site.file, select(List.of(overlay), site.module, null));
        }
        Selection selection = selections.get(site.file);
        testShare += testShare(selection);
        timeShare += timeShare(selection);
        String verdict;
        if (timeout) {
          timedOut++;
          verdict = "timed out";
        } else if (failed.isEmpty()) {
          verdict = "survived";
        } else {
          caught++;
          boolean seen = failed.stream().anyMatch(test -> selected(selection, test));
          if (seen) {
            caughtBySelection++;
            verdict = "caught, selected";
          } else {
            verdict = "caught, NOT selected";
            missed.add(site.describe(project) + " failed " + failed);
          }
        }
        rows.add(
            site.describe(project)
                + "\t"
                + verdict
                + "\t"
                + failed.size()
                + " failed\t"
                + selection.selected.size()
                + "/"
                + selection.tests
                + " selected");
        if (applied % 10 == 0) {
          log(
              applied
                  + " mutations: "
                  + caught
                  + " caught, "
                  + caughtBySelection
                  + " of them by the selection");
        }
      } finally {
        Files.writeString(site.file, original);
        deleteTree(overlay);
      }
    }
    Files.write(out.resolve("mutations.tsv"), rows);
    Files.write(out.resolve("missed.txt"), missed);

    System.out.println();
    System.out.println("=== Mutation study: " + title + " (ref " + ref + ")");
    System.out.printf(
        Locale.ROOT,
        "  mutations applied %d%s (seed %d; %d more did not compile, %d timed out), %d mutation sites%n",
        applied,
        outOfTime ? " of " + wanted + " wanted (stopped at the " + minutes + "-minute limit)" : "",
        seed,
        uncompiled,
        timedOut,
        sites.size());
    System.out.printf(
        Locale.ROOT,
        "  caught by the full suite %d; of those, caught by the affected selection %d: %s (aim >= 99.5%%)%n",
        caught,
        caughtBySelection,
        caught == 0 ? "n/a" : percent((double) caughtBySelection / caught));
    System.out.printf(
        Locale.ROOT,
        "  selection for a single-file change, mean over the %d mutations (%d distinct files):"
            + " %s of the tests, %s of the test time (aim <= 25%%)%n",
        applied,
        selections.size(),
        applied == 0 ? "n/a" : percent(testShare / applied),
        applied == 0 ? "n/a" : percent(timeShare / applied));
    System.out.println(
        "  missed by the selection: "
            + missed.size()
            + " (listed in "
            + out.resolve("missed.txt")
            + ")");
    System.out.println("  per mutation: " + out.resolve("mutations.tsv"));
    System.out.printf(Locale.ROOT, "  took %ds%n", (System.nanoTime() - started) / 1_000_000_000L);
  }

  /**
   * Replays the last {@code count} first-parent commits: at the oldest, every module's tests run
   * with the agent (the map); then for each commit, checked out and built, the affected selection
   * against its parent (from a dry run) and the full suite with the agent (its failures, and the
   * map for the next commit). Prints the share of tests and time selected, and every test that
   * failed on the full run but was not selected.
   */
  private void replay(int count, String build, String title) throws Exception {
    long started = System.nanoTime();
    String head = git("rev-parse", "HEAD").strip();
    List<String> commits =
        new ArrayList<>(
            git("rev-list", "--first-parent", "-n", String.valueOf(count + 1), head)
                .lines()
                .toList());
    Collections.reverse(commits);
    List<String> rows = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    int replayed = 0;
    int unbuilt = 0;
    double testShare = 0;
    double timeShare = 0;
    double ruledTestShare = 0;
    double ruledTimeShare = 0;
    List<String> ruledMissed = new ArrayList<>();
    String mapped = null;
    try {
      for (String commit : commits) {
        checkout(commit);
        if (!build(build, commit)) {
          unbuilt++;
          rows.add(commit + "\tdid not build");
          continue;
        }
        loadModules();
        if (mapped != null) {
          ref = mapped;
          int changed = git("diff", "--name-only", mapped).lines().toList().size();
          // Both selections before the full run, which records this commit's map.
          Selection selection = select(List.of(), null, null);
          Selection withRules = rules == null ? null : select(List.of(), null, rules);
          Set<String> failed = new TreeSet<>();
          for (Module module : modules) {
            Set<String> moduleFailed = runTests(module, List.of(), List.of(), true);
            if (moduleFailed != null) {
              failed.addAll(moduleFailed);
            }
          }
          List<String> notSelected =
              failed.stream().filter(test -> !selected(selection, test)).toList();
          notSelected.forEach(test -> missed.add(commit + " " + test));
          replayed++;
          double time = timeShare(selection);
          testShare += testShare(selection);
          timeShare += time;
          String ruled = "";
          if (withRules != null) {
            failed.stream()
                .filter(test -> !selected(withRules, test))
                .forEach(test -> ruledMissed.add(commit + " " + test));
            ruledTestShare += testShare(withRules);
            ruledTimeShare += timeShare(withRules);
            ruled =
                "\twith the rules: "
                    + withRules.selected.size()
                    + "/"
                    + withRules.tests
                    + " ("
                    + percent(timeShare(withRules))
                    + " of the time)";
          }
          rows.add(
              commit
                  + "\t"
                  + changed
                  + " files changed\t"
                  + selection.selected.size()
                  + "/"
                  + selection.tests
                  + " selected ("
                  + percent(time)
                  + " of the time)\t"
                  + failed.size()
                  + " failed, "
                  + notSelected.size()
                  + " of them not selected"
                  + ruled
                  + "\t"
                  + git("log", "-1", "--format=%s", commit).strip());
          log(rows.get(rows.size() - 1));
        } else {
          for (Module module : modules) {
            runTests(module, List.of(), List.of(), true);
          }
        }
        mapped = commit;
      }
    } finally {
      checkout(head);
    }
    Files.write(out.resolve("replay.tsv"), rows);
    Files.write(out.resolve("replay-missed.txt"), missed);
    System.out.println();
    System.out.println("=== Replay of history: " + title);
    System.out.printf(
        Locale.ROOT,
        "  commits replayed %d of %d (%d did not build)%n",
        replayed,
        commits.size() - 1,
        unbuilt);
    System.out.printf(
        Locale.ROOT,
        "  selected against the parent, mean over the commits: %s of the tests, %s of the test time%n",
        replayed == 0 ? "n/a" : percent(testShare / replayed),
        replayed == 0 ? "n/a" : percent(timeShare / replayed));
    System.out.println(
        "  tests that failed on the full run but were not selected: "
            + missed.size()
            + " (listed in "
            + out.resolve("replay-missed.txt")
            + ")");
    if (rules != null) {
      Files.write(out.resolve("replay-missed-with-rules.txt"), ruledMissed);
      System.out.printf(
          Locale.ROOT,
          "  with the rules of %s: %s of the tests, %s of the test time; failed but not selected: %d%n",
          rules,
          replayed == 0 ? "n/a" : percent(ruledTestShare / replayed),
          replayed == 0 ? "n/a" : percent(ruledTimeShare / replayed),
          ruledMissed.size());
    }
    System.out.println("  per commit: " + out.resolve("replay.tsv"));
    System.out.printf(Locale.ROOT, "  took %ds%n", (System.nanoTime() - started) / 1_000_000_000L);
  }

  private void checkout(String commit) throws Exception {
    for (String line : git("ls-files", "-v").lines().toList()) {
      if (line.startsWith("h ")) {
        git("update-index", "--no-assume-unchanged", line.substring(2));
      }
    }
    git("checkout", "-q", "-f", commit);
  }

  /** Runs the build command in the project (it compiles and writes the class paths). */
  private boolean build(String command, String commit) throws Exception {
    Process process =
        new ProcessBuilder("bash", "-c", command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("build-" + commit.substring(0, 8) + ".log").toFile())
            .start();
    return process.waitFor() == 0;
  }

  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", project.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }

  /**
   * Keeps the expected durations of a run of every test (its plan): a dry run's plan has them only
   * for the tests it selects, and the time share needs them all.
   */
  private void readDurations(Path plan) throws IOException {
    if (!Files.isRegularFile(plan)) {
      return;
    }
    for (JsonNode test : new ObjectMapper().readTree(plan.toFile()).get("tests")) {
      String name = test.get("name").asText();
      int paren = name.indexOf('(');
      if (test.hasNonNull("expectedMillis")) {
        durations.put(
            paren < 0 ? name : name.substring(0, paren), test.get("expectedMillis").asLong());
      }
    }
  }

  /**
   * Measures what recording the map costs: every module's tests run {@code rounds} times in each of
   * three ways, in turn (so that load from elsewhere falls on all three alike): without the JaCoCo
   * agent; with the agent and {@code dynamo.affected.map=false} (coverage by test type only); with
   * the agent and the map recorded. All three keep the history. Prints the median wall time of each
   * (the forked JVM's, start to exit) and the ratios to the run without the agent.
   */
  private void overhead(int rounds, String title) throws Exception {
    record Way(String name, boolean agent, boolean map) {}
    List<Way> ways =
        List.of(
            new Way("without the agent", false, false),
            new Way("agent, no map", true, false),
            new Way("agent and map", true, true));
    Map<Way, List<Long>> millis = new LinkedHashMap<>();
    ways.forEach(way -> millis.put(way, new ArrayList<>()));
    // Round 0 is not measured: the history and the map exist before the measured rounds.
    for (int round = 0; round <= rounds; round++) {
      for (int i = 0; i < ways.size(); i++) {
        Way way = ways.get((i + round) % ways.size());
        long took = 0;
        for (Module module : modules) {
          if (!Files.isDirectory(module.testClasses())) {
            continue;
          }
          long begin = System.nanoTime();
          runTests(module, List.of(), List.of("dynamo.affected.map=" + way.map()), way.agent());
          took += (System.nanoTime() - begin) / 1_000_000;
        }
        if (round > 0) {
          millis.get(way).add(took);
        }
      }
      log(
          "overhead round "
              + round
              + " of "
              + rounds
              + ": "
              + ways.stream().map(way -> way.name() + "=" + millis.get(way)).toList());
    }
    System.out.println();
    System.out.println("=== Mapping overhead: " + title);
    long base = median(millis.get(ways.get(0)));
    for (Way way : ways) {
      long median = median(millis.get(way));
      System.out.printf(
          Locale.ROOT,
          "  %-18s median %,6d ms over %d rounds %s: ratio %.3f%n",
          way.name(),
          median,
          rounds,
          millis.get(way),
          base == 0 ? 0.0 : (double) median / base);
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static double testShare(Selection selection) {
    return selection.tests == 0 ? 0 : (double) selection.selected.size() / selection.tests;
  }

  private static double timeShare(Selection selection) {
    return selection.totalMillis == 0
        ? 0
        : (double) selection.selectedMillis / selection.totalMillis;
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static boolean selected(Selection selection, String test) {
    if (test.endsWith("#*")) {
      String prefix = test.substring(0, test.length() - 1);
      return selection.selected.stream().anyMatch(name -> name.startsWith(prefix));
    }
    return selection.selected.contains(test);
  }

  /**
   * The selection of every module for the change now in the working tree, from dry runs: the
   * mutated classes in {@code first} go on the class path of the modules that see {@code mutated}
   * only (all modules when it is null), as in the real build; with the rules of {@code rulesFile}
   * instead of the default ones when it is not null.
   */
  private Selection select(List<Path> first, Module mutated, Path rulesFile) throws Exception {
    Set<String> selected = new TreeSet<>();
    int tests = 0;
    long selectedMillis = 0;
    long totalMillis = 0;
    for (Module module : modules) {
      if (!Files.isDirectory(module.testClasses())) {
        continue;
      }
      Path reports = Files.createTempDirectory(out, "plan");
      List<String> config =
          new ArrayList<>(
              List.of(
                  "dynamo.affected=" + ref,
                  "dynamo.dry-run=true",
                  "dynamo.reports.dir=" + reports));
      if (rulesFile != null) {
        config.add("dynamo.affected.rules=" + rulesFile);
      }
      runTests(module, mutated == null || module.sees(mutated) ? first : List.of(), config, false);
      JsonNode plan = new ObjectMapper().readTree(reports.resolve("plan.json").toFile());
      for (JsonNode test : plan.get("tests")) {
        String name = test.get("name").asText();
        int paren = name.indexOf('(');
        String key = paren < 0 ? name : name.substring(0, paren);
        long millis = durations.getOrDefault(key, test.path("expectedMillis").asLong(0));
        tests++;
        totalMillis += millis;
        if (test.path("selected").asBoolean(false)) {
          selected.add(key);
          selectedMillis += millis;
        }
      }
      deleteTree(reports);
    }
    return new Selection(selected, tests, selectedMillis, totalMillis);
  }

  /**
   * Runs a module's tests in a JVM of its own; the failed methods, or null when the run did not end
   * in time (a mutation that loops).
   */
  private Set<String> runTests(
      Module module, List<Path> first, List<String> config, boolean withAgent) throws Exception {
    Path failures = Files.createTempFile(out, "failures", ".txt");
    List<String> classpath = new ArrayList<>();
    first.forEach(p -> classpath.add(p.toString()));
    classpath.add(module.testClasses().toString());
    classpath.add(module.classes().toString());
    module.classpath.forEach(p -> classpath.add(p.toString()));
    classpath.add(tools);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (withAgent) {
      command.add("-javaagent:" + agent + "=output=none" + agentOptions);
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add("bench.affected.RunTests");
    command.add(module.testClasses().toString());
    command.add(failures.toString());
    command.add("dynamo.summary=false");
    command.add("dynamo.progress=0");
    if (!withAgent && config.isEmpty()) {
      command.add("dynamo.history=off");
      command.add("dynamo.reports.dir=" + out.resolve("reports-" + module.name));
    }
    command.addAll(config);
    Process process =
        new ProcessBuilder(command)
            .directory(module.dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("last-run.log").toFile())
            .start();
    long limit =
        withAgent || !baselineMillis.containsKey(module.name)
            ? 1800
            : Math.max(30, 3 * baselineMillis.get(module.name) / 1000);
    if (!process.waitFor(limit, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      Files.deleteIfExists(failures);
      return null;
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "The test run of "
              + module.name
              + " failed to start or crashed; see "
              + out.resolve("last-run.log"));
    }
    Set<String> failed = new TreeSet<>(Files.readAllLines(failures));
    Files.deleteIfExists(failures);
    if (withAgent) {
      readDurations(module.dir.resolve("target/dynamo/plan.json"));
    }
    return failed;
  }

  /** Compiles the mutated file alone into {@code overlay}, against the module's classes. */
  private boolean compile(Site site, Path overlay) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> classpath = new ArrayList<>();
    classpath.add(site.module.classes().toString());
    site.module.classpath.forEach(p -> classpath.add(p.toString()));
    int status =
        javac.run(
            null,
            OutputStream.nullOutputStream(),
            OutputStream.nullOutputStream(),
            "-d",
            overlay.toString(),
            "-cp",
            String.join(File.pathSeparator, classpath),
            "-sourcepath",
            "",
            "-implicit:none",
            "-proc:none",
            "-nowarn",
            "-encoding",
            "UTF-8",
            site.file.toString());
    return status == 0;
  }

  private static final List<Operator> OPERATORS =
      List.of(
          new Operator("== to !=", Pattern.compile(" == "), m -> " != "),
          new Operator("!= to ==", Pattern.compile(" != "), m -> " == "),
          new Operator("< to >=", Pattern.compile(" < "), m -> " >= "),
          new Operator("> to <=", Pattern.compile(" > "), m -> " <= "),
          new Operator("<= to >", Pattern.compile(" <= "), m -> " > "),
          new Operator(">= to <", Pattern.compile(" >= "), m -> " < "),
          new Operator("&& to ||", Pattern.compile(" && "), m -> " || "),
          new Operator("|| to &&", Pattern.compile(" \\|\\| "), m -> " && "),
          new Operator("+ to -", Pattern.compile(" \\+ "), m -> " - "),
          new Operator("- to +", Pattern.compile(" - "), m -> " + "),
          new Operator("true to false", Pattern.compile("\\btrue\\b"), m -> "false"),
          new Operator("false to true", Pattern.compile("\\bfalse\\b"), m -> "true"),
          new Operator(
              "constant + 1",
              Pattern.compile("(?<![\\w.$])(\\d{1,9})(?![\\w.])"),
              m -> String.valueOf(Long.parseLong(m.group(1)) + 1)),
          new Operator(
              "remove call",
              Pattern.compile("^\\s*(?!return\\b|throw\\b|super\\b|this\\b)[\\w$.]+\\(.*\\);\\s*$"),
              m -> ""));

  record Operator(String name, Pattern pattern, java.util.function.Function<Matcher, String> to) {}

  /** Every mutation site in the modules' main sources, outside comments and string literals. */
  private List<Site> sites() throws IOException {
    List<Site> sites = new ArrayList<>();
    for (Module module : modules) {
      Path sources = module.dir.resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(sources)) {
        files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      }
      for (Path file : files) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          String trimmed = line.strip();
          if (inComment) {
            inComment = !trimmed.contains("*/");
            continue;
          }
          if (trimmed.startsWith("/*")) {
            inComment = !trimmed.contains("*/");
            continue;
          }
          if (trimmed.isEmpty()
              || trimmed.startsWith("//")
              || trimmed.startsWith("*")
              || trimmed.startsWith("import ")
              || trimmed.startsWith("package ")
              || trimmed.startsWith("@")) {
            continue;
          }
          int comment = line.indexOf("//");
          for (Operator operator : OPERATORS) {
            Matcher matcher = operator.pattern.matcher(line);
            while (matcher.find()) {
              if (comment >= 0 && matcher.start() > comment
                  || insideString(line, matcher.start())) {
                continue;
              }
              boolean whole = operator.name.equals("remove call");
              sites.add(
                  new Site(
                      module,
                      file,
                      i,
                      operator.name,
                      whole ? 0 : matcher.start(),
                      whole ? line.length() : matcher.end(),
                      whole
                          ? line.substring(0, line.indexOf(trimmed)) + ";"
                          : operator.to.apply(matcher)));
            }
          }
        }
      }
    }
    return sites;
  }

  private static boolean insideString(String line, int index) {
    int quotes = 0;
    for (int i = 0; i < index; i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quotes++;
      }
    }
    return quotes % 2 == 1;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void log(String message) {
    System.out.println("[mutation] " + message);
  }
}

package ai.dynamo.test.engine.merge;

import ai.dynamo.test.engine.configuration.EditDistance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@link MergeReports}, parsed once: every option is known, and every value is
 * there, or the merge stops before reading anything with a message that lists the valid options.
 *
 * @param inputs the report directories of the shard runs, as given: paths or globs
 * @param output where the merged reports are written
 * @param partial whether a set with missing shards is merged anyway
 * @param classes the class-file directories coverage is analysed against
 * @param history the history directory to settle, its {@code incoming/} holding every shard's
 *     records; {@code null} to leave the history alone
 * @param junitXml the JUnit XML reports of other runners to merge in, {@code runner:path} each
 *     (runner {@code pytest} or {@code nextest}); empty for none
 * @param foreignRules the rules file that gives those reports' tests their stage, type and
 *     requirements; {@code null} for none (every such test unclassified)
 * @param help whether only the usage was asked for
 */
record MergeOptions(
    List<String> inputs,
    Path output,
    boolean partial,
    List<Path> classes,
    Path history,
    List<String> junitXml,
    Path foreignRules,
    boolean help) {

  static final String INPUTS = "--inputs";
  static final String OUTPUT = "--output";
  static final String PARTIAL = "--partial";
  static final String CLASSES = "--classes";
  static final String HISTORY = "--history";
  static final String JUNIT_XML = "--junit-xml";
  static final String FOREIGN_RULES = "--foreign-rules";
  static final String HELP = "--help";

  static final String DEFAULT_OUTPUT = "target/dynamo-merged";
  static final String DEFAULT_CLASSES = "target/classes";

  private static final List<String> ALL =
      List.of(INPUTS, OUTPUT, PARTIAL, CLASSES, HISTORY, JUNIT_XML, FOREIGN_RULES, HELP);

  static final String USAGE =
      """
      Usage: MergeReports --inputs <dir>[,<dir>...] [--output <dir>] [--partial] \
      [--classes <dir>[,<dir>...]] [--history <dir>] \
      [--junit-xml <runner>:<file>[,...] [--foreign-rules <file>]]
        --inputs <dir>,...   the reports directories of the shard runs (dynamo.reports.dir of \
      each job); a glob such as 'shards/*/target/dynamo' works too (required)
        --output <dir>       where the merged summary.json, summary.md, report.html, plan.json \
      and coverage go (default target/dynamo-merged)
        --partial            merge even when shards are missing; the merged report says which
        --classes <dir>,...  the class files coverage by type is analysed against, as \
      dynamo.coverage.classes (default target/classes)
        --history <dir>      settle this history directory, whose incoming/ holds the records \
      of every shard job, and report the flip candidates of all shards together (default: \
      leave the history alone)
        --junit-xml <runner>:<file>,...
                             JUnit XML reports of other runners to merge in: pytest:<file> \
      (pytest --junitxml) or nextest:<file> (cargo-nextest's JUnit output)
        --foreign-rules <file>
                             maps their markers and test names to stage, type and \
      requirements (see docs/scheduling.md); tests it does not classify are reported as \
      unclassified, in foreign-unclassified.txt
        --help               print this
      """;

  /** A command line that cannot be run: an unknown option, or an option without its value. */
  static final class BadOption extends RuntimeException {
    BadOption(String problem) {
      super(problem + "\n" + USAGE);
    }
  }

  /**
   * Parses {@code args}: {@code --option value} or {@code --option=value}; {@code --inputs} may be
   * repeated.
   *
   * @throws BadOption for an unknown option, a missing value or no {@code --inputs}
   */
  static MergeOptions parse(String... args) {
    List<String> inputs = new ArrayList<>();
    String output = DEFAULT_OUTPUT;
    String classes = DEFAULT_CLASSES;
    String history = null;
    List<String> junitXml = new ArrayList<>();
    String foreignRules = null;
    boolean partial = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      Optional<String> inline =
          arg.contains("=") ? Optional.of(arg.substring(arg.indexOf('=') + 1)) : Optional.empty();
      switch (name) {
        case INPUTS, OUTPUT, CLASSES, HISTORY, JUNIT_XML, FOREIGN_RULES -> {
          String value;
          if (inline.isPresent()) {
            value = inline.get();
          } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
            value = args[++i];
          } else {
            throw new BadOption("The option " + name + " needs a value.");
          }
          if (value.isBlank()) {
            throw new BadOption("The option " + name + " needs a value, not an empty one.");
          }
          switch (name) {
            case INPUTS ->
                Arrays.stream(value.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .forEach(inputs::add);
            case OUTPUT -> output = value.strip();
            case HISTORY -> history = value.strip();
            case JUNIT_XML ->
                Arrays.stream(value.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .forEach(spec -> junitXml.add(foreignReport(spec)));
            case FOREIGN_RULES -> foreignRules = value.strip();
            default -> classes = value;
          }
        }
        case PARTIAL, HELP -> {
          if (inline.isPresent()) {
            throw new BadOption("The option " + name + " takes no value: '" + arg + "'.");
          }
          if (name.equals(PARTIAL)) {
            partial = true;
          } else {
            help = true;
          }
        }
        default ->
            throw new BadOption(
                (arg.startsWith("-")
                        ? "Unknown option " + name
                        : "Unexpected argument '" + arg + "'")
                    + nearest(name).map(known -> " (did you mean " + known + "?)").orElse("")
                    + ". Valid options: "
                    + String.join(", ", ALL)
                    + ".");
      }
    }
    if (inputs.isEmpty() && !help) {
      throw new BadOption(
          "No inputs: " + INPUTS + " <dir>,<dir>,... names the reports directories to merge.");
    }
    if (foreignRules != null && junitXml.isEmpty()) {
      throw new BadOption(
          "The option "
              + FOREIGN_RULES
              + " maps the tests of other runners' reports, but no "
              + JUNIT_XML
              + " <runner>:<file> names one.");
    }
    return new MergeOptions(
        List.copyOf(inputs),
        Path.of(output),
        partial,
        Arrays.stream(classes.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(Path::of)
            .toList(),
        history == null ? null : Path.of(history),
        List.copyOf(junitXml),
        foreignRules == null ? null : Path.of(foreignRules),
        help);
  }

  /** {@code spec}, a {@code runner:file}, checked to name a known runner and a file. */
  private static String foreignReport(String spec) {
    int colon = spec.indexOf(':');
    String runner = colon < 0 ? "" : spec.substring(0, colon).strip();
    if (colon < 0 || ForeignRunner.parse(runner).isEmpty()) {
      String guess = colon < 0 ? spec : runner;
      Optional<String> nearest =
          Arrays.stream(ForeignRunner.values())
              .map(ForeignRunner::label)
              .min(Comparator.comparingInt(known -> EditDistance.between(known, guess)))
              .filter(known -> EditDistance.between(known, guess) <= 3);
      throw new BadOption(
          "The option "
              + JUNIT_XML
              + " takes <runner>:<file>, not '"
              + spec
              + "'"
              + (colon < 0 ? "" : ": unknown runner '" + runner + "'")
              + nearest.map(known -> " (did you mean " + known + "?)").orElse("")
              + ". Valid runners: "
              + ForeignRunner.all()
              + ".");
    }
    if (spec.substring(colon + 1).isBlank()) {
      throw new BadOption("The option " + JUNIT_XML + " '" + spec + "' names no file.");
    }
    return spec;
  }

  /** The valid option nearest to {@code name}, if one is within three edits of it. */
  private static Optional<String> nearest(String name) {
    return ALL.stream()
        .min(Comparator.comparingInt(known -> EditDistance.between(known, name)))
        .filter(known -> EditDistance.between(known, name) <= 3);
  }
}

package ai.dynamo.test.engine.affected;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a change the test-to-class map cannot see selects: a build file, a resource, a document, a
 * deleted class, a class no test reached. Read from {@value #DEFAULT_FILE} at the top of the work
 * tree (or the file {@code dynamo.affected.rules} names), one rule a line, the first rule whose
 * glob matches a changed path (relative to the top of the work tree) deciding:
 *
 * <pre>
 * # docs never break a test
 * docs/**=none
 * **.md=none
 * # a resource selects every test of its own module
 * **&#47;src/main/resources/**=module
 * # tests of type e2e or with services run only when the map says so
 * &#64;out-of-jvm=mapped
 * </pre>
 *
 * <p>Actions: {@code all} selects every test; {@code none} selects nothing; {@code module} selects
 * every test of the module that holds the changed file (the nearest directory with a {@code
 * pom.xml} or {@code build.gradle[.kts]}). A change that no rule matches selects every test. Globs
 * are Java's ({@link FileSystems#getPathMatcher(String)}: {@code *} within a directory, {@code **}
 * across directories). The line {@code @out-of-jvm=always|mapped} says whether tests whose code
 * runs outside the test JVM always run ({@code always}, the default) or like any other test.
 */
@API(status = INTERNAL, since = "0.1")
public final class AffectedRules {

  /** The rules file read when {@code dynamo.affected.rules} is not set, if it exists. */
  public static final String DEFAULT_FILE = "dynamo-affected.properties";

  static final String OUT_OF_JVM = "@out-of-jvm";

  /** What a matched change selects. */
  public enum Action {
    ALL,
    NONE,
    MODULE
  }

  /** One line of the rules. */
  public record Rule(String glob, Action action, PathMatcher matcher) {}

  /** No rules: every change the map cannot see selects everything, out-of-JVM tests always run. */
  public static final AffectedRules NONE = new AffectedRules(List.of(), true, Optional.empty());

  private final List<Rule> rules;
  private final boolean outOfJvmAlways;
  private final Optional<Path> file;

  private AffectedRules(List<Rule> rules, boolean outOfJvmAlways, Optional<Path> file) {
    this.rules = rules;
    this.outOfJvmAlways = outOfJvmAlways;
    this.file = file;
  }

  /**
   * The rules of {@code configured} (relative paths are against {@code topLevel}), else of {@value
   * #DEFAULT_FILE} at {@code topLevel} if it exists, else {@link #NONE}.
   *
   * @throws ConfigurationException for a missing file named by the key, or a bad line
   */
  public static AffectedRules load(Optional<String> configured, Path topLevel) {
    if (configured.isEmpty()) {
      Path fallback = topLevel.resolve(DEFAULT_FILE);
      return Files.isRegularFile(fallback) ? parse(fallback) : NONE;
    }
    Path path = topLevel.resolve(configured.get());
    if (!Files.isRegularFile(path)) {
      throw new ConfigurationException(
          "Invalid "
              + Constants.AFFECTED_RULES
              + "="
              + configured.get()
              + ": no such file ("
              + path
              + "). Give the path of a rules file, relative to the top of the git work tree, or"
              + " leave the key unset to read "
              + DEFAULT_FILE
              + " there if it exists.");
    }
    return parse(path);
  }

  static AffectedRules parse(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read the affected-tests rules " + path + ": " + e);
    }
    List<Rule> rules = new ArrayList<>();
    boolean outOfJvmAlways = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.lastIndexOf('=');
      String where = path + " line " + (i + 1) + " '" + line + "'";
      if (eq <= 0) {
        throw new ConfigurationException(
            "Bad affected-tests rule at "
                + where
                + ": expected <glob>=all|none|module, such as docs/**=none, or "
                + OUT_OF_JVM
                + "=always|mapped.");
      }
      String glob = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
      if (glob.equals(OUT_OF_JVM)) {
        if (!value.equals("always") && !value.equals("mapped")) {
          throw new ConfigurationException(
              "Bad affected-tests rule at "
                  + where
                  + ": "
                  + OUT_OF_JVM
                  + " takes always (the default: tests of type e2e or with services or Docker"
                  + " always run) or mapped (they run when their map selects them).");
        }
        outOfJvmAlways = value.equals("always");
        continue;
      }
      Action action;
      try {
        action = Action.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "Bad affected-tests rule at "
                + where
                + ": unknown action '"
                + value
                + "'. Valid actions: all, none, module.");
      }
      PathMatcher matcher;
      try {
        matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "Bad affected-tests rule at " + where + ": the glob does not parse: " + e.getMessage());
      }
      rules.add(new Rule(glob, action, matcher));
    }
    return new AffectedRules(List.copyOf(rules), outOfJvmAlways, Optional.of(path));
  }

  /** The first rule matching {@code path} (relative to the top of the work tree), if any. */
  public Optional<Rule> match(String path) {
    Path relative = Path.of(path);
    return rules.stream().filter(rule -> rule.matcher().matches(relative)).findFirst();
  }

  /** Whether tests whose code runs outside the test JVM always run. */
  public boolean outOfJvmAlways() {
    return outOfJvmAlways;
  }

  /** The file the rules come from; empty for {@link #NONE}. */
  public Optional<Path> file() {
    return file;
  }
}

package ai.dynamo.test.maven;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * What the goals of the plugin share: the check of the command line's {@code dynamo-test.*}
 * properties, relative paths resolved against the project, and an engine tool run in Maven's JVM
 * with its output captured, its non-zero exit status becoming the build's failure with the tool's
 * message. The goals and their properties are the promise; these Java classes are not API.
 */
@API(status = INTERNAL, since = "0.1")
public abstract class DynamoMojo extends AbstractMojo {

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /** The project's directory: relative paths of every goal are resolved against it. */
  @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
  private File basedir;

  /** The goal's name without the prefix: {@code plan}, {@code merge}, {@code check}. */
  abstract String goal();

  /** Runs the goal once the command line's properties are known to be valid. */
  abstract void run() throws MojoExecutionException, MojoFailureException;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    Optional<String> unknown = PluginProperties.unknown(goal(), session.getUserProperties());
    if (unknown.isPresent()) {
      throw new MojoFailureException(unknown.get());
    }
    run();
  }

  /** {@code path} resolved against the project's directory. */
  Path resolve(String path) {
    return basedir.toPath().resolve(path.strip()).normalize();
  }

  Path basedir() {
    return basedir.toPath();
  }

  /** The comma-separated entries of {@code value}, blanks left out. */
  static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * A yes/no property: {@code true} or {@code false} (a bare {@code -Ddynamo-test.partial} is
   * {@code true}); anything else fails naming the property.
   */
  boolean flag(String property, String value) throws MojoFailureException {
    String normalized = value == null ? "false" : value.strip().toLowerCase(Locale.ROOT);
    return switch (normalized) {
      case "true", "" -> true;
      case "false" -> false;
      default ->
          throw new MojoFailureException(
              "Invalid "
                  + PluginProperties.PREFIX
                  + property
                  + " '"
                  + value
                  + "': expected true or false.");
    };
  }

  /** The output of an engine tool's run: its exit status and what it printed. */
  record ToolRun(int status, String out, String err) {}

  /**
   * An engine tool's entry point: the exit status of a run printing to {@code out}, {@code err}.
   */
  interface Tool {
    int run(PrintStream out, PrintStream err);
  }

  /** Runs {@code tool}, capturing what it prints. */
  static ToolRun capture(Tool tool) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = tool.run(o, e);
    }
    return new ToolRun(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Logs each line of {@code text}: warnings and errors as such, the rest as information. */
  void log(String text) {
    text.lines()
        .filter(line -> !line.isBlank())
        .forEach(
            line -> {
              if (line.contains("WARNING")) {
                getLog().warn(line);
              } else if (line.contains("ERROR")) {
                getLog().error(line);
              } else {
                getLog().info(line);
              }
            });
  }

  /**
   * The failure for a tool's non-zero exit status, with its message in the goal's terms; for a bad
   * command line (status 2, as every tool of the engine uses it) the goal's properties are named.
   */
  MojoFailureException failure(String tool, ToolRun run, String hint) {
    String message = (run.err().isBlank() ? run.out() : run.err()).strip();
    message = PluginProperties.translate(goal(), message.replace("[dynamo] ERROR: ", ""));
    if (run.status() == 2) {
      message +=
          "\nThe properties of dynamo-test:"
              + goal()
              + ": "
              + String.join(", ", PluginProperties.of(goal()));
    }
    return new MojoFailureException(
        "dynamo-test:"
            + goal()
            + " failed ("
            + tool
            + ", exit status "
            + run.status()
            + "): "
            + message
            + (hint.isEmpty() ? "" : "\n" + hint));
  }
}

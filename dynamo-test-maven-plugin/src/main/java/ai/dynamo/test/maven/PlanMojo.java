package ai.dynamo.test.maven;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.scheduling.ShardPlanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * {@code mvn dynamo-test:plan}: how many shards a stage needs, and what each runs, from the settled
 * history, printed as JSON on standard output for a CI matrix ({@code mvn -q} prints only the
 * JSON). The engine's {@code ShardPlanner} in Maven: each property stands for its option.
 *
 * <pre>
 * mvn -q dynamo-test:plan -Ddynamo-test.stage=nightly -Ddynamo-test.budget=30m > plan.json
 * </pre>
 */
@API(status = INTERNAL, since = "0.1")
@Mojo(name = "plan", aggregator = true, requiresProject = false, threadSafe = true)
public class PlanMojo extends DynamoMojo {

  /** The history directory ({@code --history}). */
  @Parameter(property = "dynamo-test.history", defaultValue = "target/dynamo-history")
  private String history;

  /** JUnit XML report directories to seed the history from first ({@code --seed-from}). */
  @Parameter(property = "dynamo-test.seedFrom")
  private String seedFrom;

  /** Only classes recorded with this stage ({@code --stage}). */
  @Parameter(property = "dynamo-test.stage")
  private String stage;

  /** Only classes recorded with this type ({@code --type}). */
  @Parameter(property = "dynamo-test.type")
  private String type;

  /** The fewest shards whose longest shard fits this duration: 30m, 1h30m ({@code --budget}). */
  @Parameter(property = "dynamo-test.budget")
  private String budget;

  /** The most shards {@code budget} may plan ({@code --max-shards}, default 256). */
  @Parameter(property = "dynamo-test.maxShards")
  private String maxShards;

  /** A fixed number of shards instead of a budget ({@code --shards}). */
  @Parameter(property = "dynamo-test.shards")
  private String shards;

  /**
   * Settle the records that shard runs left in the history's incoming/ first ({@code --promote}).
   */
  @Parameter(property = "dynamo-test.promote", defaultValue = "false")
  private String promote;

  /**
   * Also write each shard's classes to {@code <dir>/shard-<i>-of-<n>.txt} in Surefire's include
   * file format ({@code --includes-dir}), relative to the project.
   */
  @Parameter(property = "dynamo-test.includesDir")
  private String includesDir;

  /** A file to write the JSON to as well, relative to the project. */
  @Parameter(property = "dynamo-test.planOutput")
  private String planOutput;

  @Override
  String goal() {
    return "plan";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--history", resolve(history).toString()));
    if (seedFrom != null) {
      args.add("--seed-from");
      args.add(
          split(seedFrom).stream()
              .map(dir -> resolve(dir).toString())
              .collect(Collectors.joining(",")));
    }
    add(args, "--stage", stage);
    add(args, "--type", type);
    add(args, "--budget", budget);
    add(args, "--max-shards", maxShards);
    add(args, "--shards", shards);
    if (includesDir != null) {
      add(args, "--includes-dir", resolve(includesDir).toString());
    }
    if (flag("promote", promote)) {
      args.add("--promote");
    }
    ToolRun run = capture((out, err) -> ShardPlanner.run(args.toArray(String[]::new), out, err));
    if (run.status() != 0) {
      throw failure("ShardPlanner", run, "");
    }
    log(run.err());
    // The JSON itself goes to standard output, not to the log, so that `mvn -q` prints only it.
    System.out.print(run.out());
    System.out.flush();
    if (planOutput != null && !run.out().isBlank()) {
      Path file = resolve(planOutput);
      try {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        Files.writeString(file, run.out(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new MojoExecutionException("Could not write the plan to " + file + ": " + e, e);
      }
      getLog().info("Wrote the plan to " + file);
    }
  }

  /** Adds {@code option value}; an empty value is passed on for the planner to refuse. */
  private static void add(List<String> args, String option, String value) {
    if (value != null) {
      args.add(option);
      args.add(value.strip());
    }
  }
}

package ai.dynamo.test.maven;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.merge.MergeReports;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * {@code mvn dynamo-test:merge}: one reports directory from the reports directories of a stage's
 * shard jobs, as one unsharded run would have written it ({@code summary.json}, {@code summary.md},
 * {@code report.html}, {@code plan.json}, coverage by type). The engine's {@code MergeReports} in
 * Maven: each property stands for its option; relative paths and globs are resolved against the
 * project's directory.
 *
 * <pre>
 * mvn dynamo-test:merge -Ddynamo-test.inputs='shards/*&#47;target/dynamo'
 * </pre>
 */
@API(status = INTERNAL, since = "0.1")
@Mojo(name = "merge", aggregator = true, requiresProject = false, threadSafe = true)
public class MergeMojo extends DynamoMojo {

  /** The shard runs' reports directories, comma-separated; globs work ({@code --inputs}). */
  @Parameter(property = "dynamo-test.inputs")
  private String inputs;

  /** Where the merged reports go ({@code --output}). */
  @Parameter(
      property = "dynamo-test.output",
      defaultValue = "${project.build.directory}/dynamo-merged")
  private String output;

  /** Merge even when shards are missing; the report says which ({@code --partial}). */
  @Parameter(property = "dynamo-test.partial", defaultValue = "false")
  private String partial;

  /** The class directories coverage is analysed against ({@code --classes}). */
  @Parameter(property = "dynamo-test.classes", defaultValue = "${project.build.outputDirectory}")
  private String classes;

  /** The history directory to settle with every shard's records ({@code --history}). */
  @Parameter(property = "dynamo-test.history")
  private String history;

  /**
   * Other runners' JUnit XML reports to merge in, {@code pytest:<file>} or {@code nextest:<file>},
   * comma-separated ({@code --junit-xml}).
   */
  @Parameter(property = "dynamo-test.junitXml")
  private String junitXml;

  /**
   * The rules that give those reports' tests stage, type and requirements ({@code
   * --foreign-rules}).
   */
  @Parameter(property = "dynamo-test.foreignRules")
  private String foreignRules;

  @Override
  String goal() {
    return "merge";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    List<String> args = new ArrayList<>();
    if (inputs != null) {
      args.add("--inputs=" + inputs);
    }
    args.add("--output=" + output);
    if (flag("partial", partial)) {
      args.add("--partial");
    }
    args.add("--classes=" + classes);
    if (history != null) {
      args.add("--history=" + history);
    }
    if (junitXml != null) {
      args.add("--junit-xml=" + junitXml);
    }
    if (foreignRules != null) {
      args.add("--foreign-rules=" + foreignRules);
    }
    ToolRun run =
        capture((out, err) -> MergeReports.run(args.toArray(String[]::new), basedir(), out, err));
    if (run.status() != 0) {
      throw failure("MergeReports", run, "");
    }
    log(run.err());
    log(run.out());
  }
}

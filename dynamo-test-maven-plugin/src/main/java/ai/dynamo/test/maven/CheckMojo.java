package ai.dynamo.test.maven;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.catalog.StrategyDocument;
import ai.dynamo.test.engine.classification.ClassificationCheck;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apiguardian.api.API;

/**
 * {@code mvn test-compile dynamo-test:check}: fails when a test of the project's compiled test
 * classes has no {@code @Stage} or no {@code @TestType} (the engine's {@code ClassificationCheck},
 * strict), and, when {@code dynamo-test.document} names a testing-strategy document, when its
 * life-cycle table no longer matches the tests' plans (the engine's {@code StrategyDocument
 * --check}). Bound to {@code verify} when declared with an execution.
 *
 * <pre>
 * mvn test-compile dynamo-test:check
 * mvn verify dynamo-test:check -Ddynamo.dry-run=true -Ddynamo-test.document=docs/testing-strategy.md
 * </pre>
 */
@API(status = INTERNAL, since = "0.1")
@Mojo(
    name = "check",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class CheckMojo extends DynamoMojo {

  /** Whether to check that every test has a stage and a type. */
  @Parameter(property = "dynamo-test.classification", defaultValue = "true")
  private String classification;

  /** Whether an unclassified test fails the goal ({@code --strict}); otherwise it is listed. */
  @Parameter(property = "dynamo-test.strict", defaultValue = "true")
  private String strict;

  /** Regular expressions over class names of tests the check leaves out, comma-separated. */
  @Parameter(property = "dynamo-test.excludes")
  private String excludes;

  /** A classification rules file, as {@code dynamo.classification.rules} ({@code --rules}). */
  @Parameter(property = "dynamo-test.rules")
  private String rules;

  /** The testing-strategy document whose life-cycle table is checked; not checked when unset. */
  @Parameter(property = "dynamo-test.document")
  private String document;

  /** The pipeline configuration of the document's table ({@code --pipelines}). */
  @Parameter(property = "dynamo-test.pipelines", defaultValue = "dynamo-pipelines.properties")
  private String pipelines;

  /** The plan.json files whose tests the table counts, comma-separated. */
  @Parameter(
      property = "dynamo-test.plans",
      defaultValue = "${project.build.directory}/dynamo/plan.json")
  private String plans;

  @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true)
  private File testClasses;

  @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true)
  private List<String> testClasspath;

  @Override
  String goal() {
    return "check";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    boolean checkClassification = flag("classification", classification);
    boolean strictly = flag("strict", strict);
    if (checkClassification) {
      checkClassification(strictly);
    }
    if (document != null) {
      checkDocument();
    } else {
      getLog().debug("No dynamo-test.document: the strategy document is not checked.");
    }
  }

  private void checkClassification(boolean strictly)
      throws MojoExecutionException, MojoFailureException {
    if (testClasses == null || !testClasses.isDirectory()) {
      getLog()
          .info(
              "No compiled test classes in "
                  + testClasses
                  + ": no classification to check (run test-compile first when there are tests).");
      return;
    }
    List<String> args = new ArrayList<>();
    if (strictly) {
      args.add("--strict");
    }
    if (rules != null) {
      args.add("--rules");
      args.add(resolve(rules).toString());
    }
    if (excludes != null) {
      for (String exclude : split(excludes)) {
        args.add("--exclude");
        args.add(exclude);
      }
    }
    args.add(testClasses.getPath());
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    // The tests' own libraries come from the project's test class path; JUnit, the engine and the
    // API from the plugin's, parent first, so the annotations found are the ones Jupiter knows.
    try (URLClassLoader loader =
        new URLClassLoader(urls(testClasspath), getClass().getClassLoader())) {
      thread.setContextClassLoader(loader);
      ToolRun run =
          capture((out, err) -> ClassificationCheck.run(args.toArray(String[]::new), out, err));
      if (run.status() != 0) {
        throw failure(
            "ClassificationCheck",
            run,
            "Give each test a @Stage and a @TestType (docs/reference.md), or leave whole classes"
                + " out with -Ddynamo-test.excludes=<regex over class names>.");
      }
      log(run.out());
      log(run.err());
    } catch (IOException e) {
      throw new MojoExecutionException("Could not close the test class loader: " + e, e);
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  private void checkDocument() throws MojoFailureException {
    List<String> args = new ArrayList<>();
    args.add("--check");
    args.add("--pipelines");
    args.add(resolve(pipelines).toString());
    args.add("--document");
    args.add(resolve(document).toString());
    split(plans).forEach(plan -> args.add(resolve(plan).toString()));
    ToolRun run =
        capture((out, err) -> StrategyDocument.run(args.toArray(String[]::new), out, err));
    if (run.status() != 0) {
      throw failure("StrategyDocument", run, "");
    }
    log(run.out());
    log(run.err());
  }

  private static URL[] urls(List<String> elements) throws MojoExecutionException {
    List<URL> urls = new ArrayList<>();
    for (String element : elements) {
      Path path = Path.of(element);
      if (!Files.exists(path)) {
        continue;
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new MojoExecutionException("Not a class path element: " + element, e);
      }
    }
    return urls.toArray(URL[]::new);
  }
}

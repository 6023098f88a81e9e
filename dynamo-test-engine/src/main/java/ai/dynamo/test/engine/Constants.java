package ai.dynamo.test.engine;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Every configuration parameter of the {@code dynamo} engine, each documented once here.
 *
 * <p>Parameters are JUnit Platform configuration parameters, so they can be set as system
 * properties ({@code ./mvnw test -Ddynamo.stage=nightly}), in Surefire's or Failsafe's {@code
 * configurationParameters}, in {@code junit-platform.properties}, in an IDE's VM options, or with
 * the ConsoleLauncher's {@code --config}. A blank value counts as not set. An unknown key starting
 * with {@code dynamo.} stops the run with an error that lists the keys below.
 */
@API(status = STABLE, since = "0.1")
public final class Constants {

  /**
   * The stages to run, comma separated, case-insensitive; {@code pre-merge} and {@code pre_merge}
   * are the same. A test runs when it is in any of them. Example: {@code
   * dynamo.stage=pre-merge,post-merge}. Default: not set, every stage runs.
   */
  public static final String STAGE = "dynamo.stage";

  /**
   * The test kinds to run, comma separated: {@code unit}, {@code integration}, {@code e2e}, {@code
   * performance}, {@code stress}, {@code continuous-operation}. Default: not set, every kind runs.
   */
  public static final String TYPE = "dynamo.type";

  /**
   * A boolean expression over labels in JUnit's tag-expression syntax, for example {@code nightly &
   * e2e & !gpu}. Labels are stage, kind and capability names in lower case with hyphens, and the
   * test's plain {@code @Tag}s. Default: not set.
   */
  public static final String SELECT = "dynamo.select";

  /**
   * What a selection ({@link #STAGE}, {@link #TYPE} or {@link #SELECT}) that matches no test does:
   * {@code fail} (default) stops the run with an error, {@code allow} runs nothing and passes.
   */
  public static final String EMPTY = "dynamo.empty";

  /**
   * Whether unclassified tests (no stage or no type) are allowed: {@code report} (default) names
   * them in the run's output, {@code strict} also fails the run.
   */
  public static final String CLASSIFICATION = "dynamo.classification";

  /**
   * The path of a properties file of classification rules, which give tests without {@code @Stage}
   * or {@code @TestType} a default stage and type by class-name pattern ({@code **.*IT = nightly;
   * integration}); annotations always win. Default: none. See {@code
   * ai.dynamo.test.engine.labels.ClassificationRules}.
   */
  public static final String CLASSIFICATION_RULES = "dynamo.classification.rules";

  /**
   * Whether unclassified tests run when a selection is set: {@code exclude} (default) or {@code
   * include}. Without a selection every test runs.
   */
  public static final String UNCLASSIFIED = "dynamo.unclassified";

  /**
   * What happens to a test whose {@code @Requires} the host does not meet: {@code skip} (default)
   * or {@code fail}.
   */
  public static final String REQUIREMENTS_MISSING = "dynamo.requirements.missing";

  /** The {@code nvidia-smi} executable to probe GPUs with. Default: {@code nvidia-smi} on PATH. */
  public static final String NVIDIA_SMI = "dynamo.requirements.nvidia-smi";

  /**
   * The Docker engine to ping: {@code unix:///path/to/docker.sock} or {@code tcp://host:port}.
   * Default: the {@code DOCKER_HOST} environment variable when it names one, else {@code
   * unix:///var/run/docker.sock}; when nothing answers at the default, Testcontainers' own
   * detection is asked before Docker counts as missing. Set, it is the only engine asked. Used by
   * {@code @Requires(DOCKER)} and by services in container mode alike.
   */
  public static final String DOCKER_HOST = "dynamo.requirements.docker-host";

  /** The {@code kubectl} executable to probe Kubernetes with. Default: {@code kubectl} on PATH. */
  public static final String KUBECTL = "dynamo.requirements.kubectl";

  /**
   * Whether the run prints its summary (what ran by stage and type, and why anything was skipped)
   * and its {@code [dynamo] Services:} line at the end: {@code true} (default) or {@code false}.
   * The report files are written either way.
   */
  public static final String SUMMARY = "dynamo.summary";

  /**
   * The directory every run writes its reports to: {@code plan.json} at discovery, then {@code
   * summary.md}, {@code summary.json} and {@code report.html} when the run ends. Relative paths are
   * resolved against the working directory (the module directory under Surefire). Example: {@code
   * dynamo.reports.dir=build/dynamo}. Default: {@code target/dynamo}. See {@code docs/reports.md}.
   */
  public static final String REPORTS_DIR = "dynamo.reports.dir";

  /**
   * The class-file directories coverage is analysed against, comma-separated, when a JaCoCo agent
   * is attached (jacoco-maven-plugin's {@code prepare-agent}). Relative paths are resolved against
   * the working directory. Example: {@code
   * dynamo.coverage.classes=target/classes,../core/target/classes}. Default: {@code
   * target/classes}. See {@code docs/reports.md}.
   */
  public static final String COVERAGE_CLASSES = "dynamo.coverage.classes";

  /**
   * Prefix of the minimum line coverage of one test type, a ratio from 0 to 1, followed by the
   * type's label: {@code dynamo.coverage.minimum.unit=0.80}. A type below its minimum fails the run
   * (its engine root fails with the figures). Default: no minimum. See {@code docs/reports.md}.
   */
  public static final String COVERAGE_MINIMUM_PREFIX = "dynamo.coverage.minimum.";

  /**
   * Whether the run only plans: {@code true} discovers, selects and checks requirements, writes the
   * plan and reports every selected test as skipped with the reason {@code dry run}, without
   * executing any test code; {@code false} (default) runs the tests. Example: {@code ./mvnw verify
   * -Ddynamo.dry-run=true}.
   */
  public static final String DRY_RUN = "dynamo.dry-run";

  /**
   * The feature catalog: a properties file with one line per feature, {@code name=description}.
   * Reports show which tests cover each feature ({@code @Feature}) and which features no test
   * covers. Example: {@code dynamo.features.catalog=../dynamo-features.properties}. Default: not
   * set, reports list only the features tests cite.
   */
  public static final String FEATURES_CATALOG = "dynamo.features.catalog";

  /**
   * The documentation directory whose Markdown pages and sections {@code @Tutorial} links point
   * into, such as {@code ../docs}. Reports list every page and section with the tests that cover
   * it. Default: not set, reports list only the sections tests cite.
   */
  public static final String DOCS_DIR = "dynamo.docs.dir";

  /**
   * What a test citing a feature missing from {@link #FEATURES_CATALOG}, or a page or section
   * missing under {@link #DOCS_DIR}, does: {@code report} (default) names it in the reports, {@code
   * strict} also stops the run at discovery.
   */
  public static final String CITATIONS = "dynamo.citations";

  /**
   * Seconds between progress lines on long runs, such as {@code [dynamo] 120/640 tests done (18%),
   * 2 failed; 2m05s elapsed, about 8m40s left by the expected durations} (the time left adds up the
   * expected durations of the tests not yet run, from the duration history, else guesses by type).
   * A line is printed when a test class ends and at least this long has passed since the last one,
   * so short runs print none. {@code 0} turns progress lines off. Example: {@code
   * dynamo.progress=10}. Default: {@code 30}.
   */
  public static final String PROGRESS = "dynamo.progress";

  /**
   * The directory of the duration history: every run records each test's and each class's duration
   * and outcome there, and scheduling ({@link #ORDER}, {@link #SHARD}, {@link #BUDGET}) reads it.
   * Keep it in a CI cache to schedule by what earlier runs measured. {@code off} neither reads nor
   * writes history. Default: {@code target/dynamo-history} ({@code build/dynamo-history} where
   * there is a {@code build} but no {@code target} directory). Example: {@code
   * dynamo.history=/ci-cache/dynamo-history}.
   */
  public static final String HISTORY = "dynamo.history";

  /**
   * How many of its latest executions the history keeps per test and per class: a positive whole
   * number. Default: {@code 10}.
   */
  public static final String HISTORY_WINDOW = "dynamo.history.window";

  /**
   * The code revision this run tests, recorded with every history record so that a test whose
   * outcome changes at one revision is reported as a flip candidate ({@code [dynamo] Flip
   * candidate: ...}). Any text; CI passes its commit id. Default: the first of the environment
   * variables {@code GITHUB_SHA}, {@code CI_COMMIT_SHA}, {@code GIT_COMMIT}, {@code
   * BUILD_VCS_NUMBER} that is set, else {@code git rev-parse HEAD} in the working directory with
   * {@code -dirty} appended when {@code git status --porcelain} lists changes, else unknown.
   * Records of an unknown or a {@code -dirty} revision never make a flip candidate. Example: {@code
   * dynamo.history.revision=$CI_COMMIT_SHA}.
   */
  public static final String HISTORY_REVISION = "dynamo.history.revision";

  /**
   * The order classes, and methods within a class, run in: {@code fail-fast} (default: what failed
   * in its last three recorded runs first, then the shortest first), {@code longest-first} (the
   * longest first, best for parallel execution), {@code declared} (as JUnit discovers them), or
   * {@code random} (a printed seed, replayed with {@link #ORDER_SEED}). A class with its own
   * {@code @TestMethodOrder} or {@code @Order} keeps its method order, and {@code
   * junit.jupiter.testclass.order.default} or {@code junit.jupiter.testmethod.order.default}, when
   * set, keep class or method order.
   */
  public static final String ORDER = "dynamo.order";

  /**
   * The seed of {@code dynamo.order=random}, a whole number, to replay an order a run printed.
   * Default: a new seed per run.
   */
  public static final String ORDER_SEED = "dynamo.order.seed";

  /**
   * The shard of the selected tests to run, as {@code index/count} counting from 1: {@code
   * dynamo.shard=3/8} runs the third of eight shards. Classes are split by their recorded durations
   * so the shards take about as long as each other; every shard computes the same split from the
   * same settled history, so the shards together run every selected class exactly once. Default:
   * not set, everything runs.
   */
  public static final String SHARD = "dynamo.shard";

  /**
   * The time budget of this run, a positive duration such as {@code 45m}, {@code 1h30m}, {@code
   * 90s}, {@code 500ms} or {@code PT2H} (the grammar of every duration the engine reads). Before
   * running, a plan longer than the budget is reported; once the budget is spent, tests that have
   * not started are skipped with a reason that says so. Default: the sum of the per-stage budgets
   * ({@link #BUDGET_STAGE_PREFIX}) of the selected stages, else none.
   */
  public static final String BUDGET = "dynamo.budget";

  /**
   * Prefix of the per-stage default budgets, followed by a stage label: {@code
   * dynamo.budget.nightly=3h}, {@code dynamo.budget.pre-merge=45m}. Used when {@link #BUDGET} is
   * not set and {@code dynamo.stage} selects that stage.
   */
  public static final String BUDGET_STAGE_PREFIX = "dynamo.budget.";

  /**
   * What a spent budget does besides skipping the tests that have not started: {@code fail}
   * (default) fails the run (the first test refused is reported failed, the others skipped), or
   * {@code warn} only skips them.
   */
  public static final String BUDGET_EXCEEDED = "dynamo.budget.exceeded";

  /**
   * What a failure of a {@code @Flaky} test does: {@code retry} (default) attempts it again up to
   * {@link #FLAKY_RETRIES} times and reports a pass after a failure as flaky; {@code quarantine}
   * retries too, and reports a test that still fails as aborted so that it cannot fail the stage;
   * {@code strict} does not retry. Checked at discovery, whether or not a test is {@code @Flaky}.
   * Example: {@code dynamo.flaky=quarantine}. Parsed by the API's {@code FlakySettings}.
   */
  public static final String FLAKY = ai.dynamo.test.api.FlakySettings.MODE;

  /**
   * How many more times a failed {@code @Flaky} test is attempted: a whole number, 0 or more.
   * Default: {@code 2}. Checked at discovery. Example: {@code dynamo.flaky.retries=4}.
   */
  public static final String FLAKY_RETRIES = ai.dynamo.test.api.FlakySettings.RETRIES;

  /**
   * How {@code @Service}s run: {@code local} (default: processes from the {@code PATH}), {@code
   * container} (Testcontainers, from local images) or {@code auto} (container where a Docker engine
   * answers, else local). A test whose mode is not available is skipped, or fails under {@link
   * #REQUIREMENTS_MISSING}{@code =fail}. Example: {@code dynamo.env.mode=container}.
   */
  public static final String ENV_MODE = "dynamo.env.mode";

  /**
   * Container networking: {@code bridge} (default: Docker's default bridge, each port published on
   * the host port of the same number), {@code host} (the container shares the host's network and
   * listens on a free host port; what CI uses, with a Docker engine started with {@code
   * --bridge=none}), or the name of an existing user-defined Docker network, which the containers
   * join with their ports published as with {@code bridge} (this works on an engine without a
   * default bridge; create the network first with {@code docker network create ci-bridge}; a name
   * the engine does not know fails the start saying so). With published ports the service listens
   * on {@code 0.0.0.0} and its handle's host is Testcontainers' host ({@code
   * TESTCONTAINERS_HOST_OVERRIDE=localhost} where the engine has no default bridge). Examples:
   * {@code dynamo.env.container.network=host}, {@code dynamo.env.container.network=ci-bridge}.
   */
  public static final String ENV_CONTAINER_NETWORK = "dynamo.env.container.network";

  /**
   * The directory of the services' log files, one per service instance, named after the test and
   * the service ({@code RouterTest.routes-nats.log}). Default: {@code services} under the reports
   * directory of {@link #REPORTS_DIR} ({@code target/dynamo/services} unless that is set). Example:
   * {@code dynamo.env.logs=build/service-logs}.
   */
  public static final String ENV_LOGS = "dynamo.env.logs";

  /**
   * How long a service may take from start to ready, unless its declaration says otherwise: a
   * positive duration as for {@link #BUDGET} ({@code 90s}, {@code 2m}, {@code 1h30m}, {@code
   * 500ms}, {@code PT45M}). Default: {@code 30s}.
   */
  public static final String ENV_START_TIMEOUT = "dynamo.env.start-timeout";

  /**
   * How long a stopping service gets between SIGTERM and SIGKILL: a positive duration as for {@link
   * #BUDGET}. Default: {@code 10s}. Example: {@code dynamo.env.stop-grace=2s}.
   */
  public static final String ENV_STOP_GRACE = "dynamo.env.stop-grace";

  /**
   * The image of the built-in NATS service in container mode. Default: {@code
   * dynamo-test/nats:local}.
   */
  public static final String ENV_IMAGE_NATS = "dynamo.env.image.nats";

  /**
   * The image of the built-in etcd service in container mode. Default: {@code
   * dynamo-test/etcd:local}.
   */
  public static final String ENV_IMAGE_ETCD = "dynamo.env.image.etcd";

  /**
   * The directory where each JVM records the local services it started (a process group, or a
   * process and its descendants: see {@link #ENV_LOCAL_PROCESSES}), so that a later run reaps those
   * of a JVM that died. Default: {@code dynamo-test-services} under {@code java.io.tmpdir}.
   */
  public static final String ENV_STATE = "dynamo.env.state";

  /**
   * How the processes of a local service are stopped together: {@code group} (the service leads a
   * process group of its own, made with {@code setsid} and signalled with {@code kill -- -PGID}:
   * every process it forks is stopped, and reaped after a crashed run; needs {@code setsid}, {@code
   * kill} and {@code /proc}, so Linux), {@code tree} (the service's process and its descendants,
   * through Java's {@code ProcessHandle}: any operating system, but a child whose parent exited is
   * no longer found) or {@code auto} (default: {@code group} where the host has it, else {@code
   * tree}). {@code group} on a host without it fails the service's start saying what is missing.
   * Example: {@code dynamo.env.local.processes=tree}.
   */
  public static final String ENV_LOCAL_PROCESSES = "dynamo.env.local.processes";

  /**
   * How long a test that declares {@code @Requires(gpus = N)} waits for its GPUs to be free before
   * it fails, naming who held them: under parallel execution tests take GPUs from a pool the size
   * of the host's, and a test that never ends would otherwise stall every test behind it. Default:
   * {@code 30m}. Example: {@code dynamo.gpu.wait=2h}.
   */
  public static final String GPU_WAIT = "dynamo.gpu.wait";

  /**
   * Runs only the tests affected by the changes between this git ref and the working tree
   * (uncommitted and untracked files included), within the stage and type selection: a test runs
   * when it reached a changed class in its last mapped run, its own source changed, it has no map
   * or a stale one, a rule selects it, or its code runs outside the test JVM. The other tests are
   * left out with the reason {@code not affected by <ref>}. Example: {@code
   * dynamo.affected=origin/main}. Default: not set, every selected test runs. See {@code
   * docs/affected.md}.
   */
  public static final String AFFECTED = "dynamo.affected";

  /**
   * What {@link #AFFECTED} does when git cannot tell the changes (no git, not a work tree, an
   * unknown ref, a shallow clone without the ref): {@code fail} (default) fails discovery naming
   * the cause; {@code all} runs every selected test and says why in its one line.
   */
  public static final String AFFECTED_FALLBACK = "dynamo.affected.fallback";

  /**
   * The rules file that decides what changes the test-to-class map cannot see select (build files,
   * resources, documents, deleted classes), relative to the top of the git work tree. Example:
   * {@code dynamo.affected.rules=ci/affected.properties}. Default: {@code
   * dynamo-affected.properties} at the top of the work tree if it exists; without rules such a
   * change selects every test. See {@code docs/affected.md}.
   */
  public static final String AFFECTED_RULES = "dynamo.affected.rules";

  /**
   * Whether a run with the JaCoCo agent attached records the test-to-class map under the history
   * directory ({@code <history>/affected/}): {@code true} (default) or {@code false}. Without a
   * history ({@code dynamo.history=off}) no map is recorded.
   */
  public static final String AFFECTED_MAP = "dynamo.affected.map";

  /** Every key above, for validation. */
  public static final List<String> ALL_KEYS = allKeys();

  private static List<String> allKeys() {
    List<String> keys =
        new java.util.ArrayList<>(
            List.of(
                STAGE,
                TYPE,
                SELECT,
                EMPTY,
                CLASSIFICATION,
                CLASSIFICATION_RULES,
                UNCLASSIFIED,
                REQUIREMENTS_MISSING,
                NVIDIA_SMI,
                DOCKER_HOST,
                KUBECTL,
                SUMMARY,
                HISTORY,
                HISTORY_WINDOW,
                HISTORY_REVISION,
                AFFECTED,
                AFFECTED_FALLBACK,
                AFFECTED_RULES,
                AFFECTED_MAP,
                ORDER,
                ORDER_SEED,
                SHARD,
                BUDGET,
                BUDGET_EXCEEDED,
                FLAKY,
                FLAKY_RETRIES,
                GPU_WAIT,
                REPORTS_DIR,
                COVERAGE_CLASSES,
                DRY_RUN,
                FEATURES_CATALOG,
                DOCS_DIR,
                CITATIONS,
                PROGRESS,
                ENV_MODE,
                ENV_CONTAINER_NETWORK,
                ENV_LOGS,
                ENV_START_TIMEOUT,
                ENV_STOP_GRACE,
                ENV_IMAGE_NATS,
                ENV_IMAGE_ETCD,
                ENV_STATE,
                ENV_LOCAL_PROCESSES));
    for (ai.dynamo.test.api.Lifecycle stage : ai.dynamo.test.api.Lifecycle.values()) {
      keys.add(BUDGET_STAGE_PREFIX + stage.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    for (ai.dynamo.test.api.TestKind kind : ai.dynamo.test.api.TestKind.values()) {
      keys.add(COVERAGE_MINIMUM_PREFIX + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return List.copyOf(keys);
  }

  private Constants() {}
}

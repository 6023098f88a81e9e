package ai.dynamo.test.engine;

import java.util.List;

/**
 * Every configuration parameter of the {@code dynamo} engine, each documented once here.
 *
 * <p>Parameters are JUnit Platform configuration parameters, so they can be set as system
 * properties ({@code ./mvnw test -Ddynamo.stage=nightly}), in Surefire's or Failsafe's {@code
 * configurationParameters}, in {@code junit-platform.properties}, in an IDE's VM options, or with
 * the ConsoleLauncher's {@code --config}. A blank value counts as not set. An unknown key starting
 * with {@code dynamo.} stops the run with an error that lists the keys below.
 */
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
   * The Docker engine to ping: {@code unix:///path/to/docker.sock}. Default: the {@code
   * DOCKER_HOST} environment variable when it names a unix socket, else {@code
   * unix:///var/run/docker.sock}.
   */
  public static final String DOCKER_HOST = "dynamo.requirements.docker-host";

  /** The {@code kubectl} executable to probe Kubernetes with. Default: {@code kubectl} on PATH. */
  public static final String KUBECTL = "dynamo.requirements.kubectl";

  /**
   * Whether the run prints its summary (what ran by stage and type, and why anything was skipped)
   * at the end: {@code true} (default) or {@code false}.
   */
  public static final String SUMMARY = "dynamo.summary";

  /**
   * How {@code @Service}s run: {@code local} (default: processes from the {@code PATH}), {@code
   * container} (Testcontainers, from local images) or {@code auto} (container where a Docker engine
   * answers, else local). A test whose mode is not available is skipped, or fails under {@link
   * #REQUIREMENTS_MISSING}{@code =fail}. Example: {@code dynamo.env.mode=container}.
   */
  public static final String ENV_MODE = "dynamo.env.mode";

  /**
   * Container networking: {@code bridge} (default: Docker's bridge, each port published on the host
   * port of the same number) or {@code host} (the container shares the host's network and listens
   * on a free host port; what CI uses, with a Docker engine started with {@code --bridge=none}).
   * Example: {@code dynamo.env.container.network=host}.
   */
  public static final String ENV_CONTAINER_NETWORK = "dynamo.env.container.network";

  /**
   * The directory of the services' log files, one per service instance, named after the test and
   * the service ({@code RouterTest.routes-nats.log}). Default: {@code
   * target/dynamo-reports/services} under the working directory.
   */
  public static final String ENV_LOGS = "dynamo.env.logs";

  /**
   * How long a service may take from start to ready, unless its declaration says otherwise: a
   * number and {@code ms}, {@code s} or {@code m}. Default: {@code 30s}.
   */
  public static final String ENV_START_TIMEOUT = "dynamo.env.start-timeout";

  /**
   * How long a stopping service gets between SIGTERM and SIGKILL. Default: {@code 10s}. Example:
   * {@code dynamo.env.stop-grace=2s}.
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
   * The directory where each JVM records the process groups it started, so that a later run reaps
   * those of a JVM that died. Default: {@code dynamo-test-services} under {@code java.io.tmpdir}.
   */
  public static final String ENV_STATE = "dynamo.env.state";

  /** Every key above, for validation. */
  public static final List<String> ALL_KEYS =
      List.of(
          STAGE,
          TYPE,
          SELECT,
          EMPTY,
          CLASSIFICATION,
          UNCLASSIFIED,
          REQUIREMENTS_MISSING,
          NVIDIA_SMI,
          DOCKER_HOST,
          KUBECTL,
          SUMMARY,
          ENV_MODE,
          ENV_CONTAINER_NETWORK,
          ENV_LOGS,
          ENV_START_TIMEOUT,
          ENV_STOP_GRACE,
          ENV_IMAGE_NATS,
          ENV_IMAGE_ETCD,
          ENV_STATE);

  private Constants() {}
}

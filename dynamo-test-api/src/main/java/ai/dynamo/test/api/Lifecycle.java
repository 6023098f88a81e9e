package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The life-cycle stages that gate work, from the cheapest check before a commit to the last one
 * before a release.
 *
 * <p>A test names the stages it belongs to with {@link Stage @Stage}; a run selects one or more
 * stages with the configuration parameter {@code dynamo.stage}, where each stage is written in
 * lower case with a hyphen or an underscore: {@code pre-merge}, {@code PRE_MERGE} and {@code
 * pre_merge} all name {@link #PRE_MERGE}.
 *
 * <pre>{@code
 * @Stage({PRE_MERGE, NIGHTLY})
 * class TokenizerTest { ... }
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public enum Lifecycle {
  /** Seconds-long checks a developer runs before committing. */
  PRE_COMMIT,
  /** The gate of every pull request. */
  PRE_MERGE,
  /** Runs on the main branch after each merge. */
  POST_MERGE,
  /** Runs once a night on the main branch. */
  NIGHTLY,
  /** Runs once a week: long, expensive or exhaustive tests. */
  WEEKLY,
  /** Runs by or for quality assurance on a release candidate. */
  QA,
  /** The last gate before a release is published. */
  PRE_RELEASE
}

package ai.dynamo.test.engine.merge;

/**
 * Inputs that {@link MergeReports} will not merge: a directory that is no reports directory, or
 * reports that do not belong together (another stage, another revision, a shard twice, a shard
 * missing). The message names the inputs and says what to do.
 */
final class MergeRefused extends RuntimeException {

  MergeRefused(String message) {
    super(message);
  }
}

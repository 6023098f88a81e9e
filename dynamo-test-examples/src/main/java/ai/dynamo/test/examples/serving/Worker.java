package ai.dynamo.test.examples.serving;

/**
 * A model worker: generates tokens for a prompt's tokens. Implemented in-process by {@link
 * ReverseModelWorker} and over a TCP connection by {@link RemoteWorker}.
 */
public interface Worker {

  /** The worker's id, unique in its {@link WorkerRegistry}. */
  String id();

  /**
   * Generates at most {@code maxTokens} tokens after {@code prompt}.
   *
   * @throws WorkerUnavailableException when the worker cannot be reached
   */
  Generation generate(int[] prompt, int maxTokens);
}

/**
 * A small slice of a distributed inference-serving system, the code the examples' tests exercise.
 *
 * <p>A request enters the {@link ai.dynamo.test.examples.serving.Frontend} as an OpenAI-style
 * {@code POST /v1/completions}, is tokenized by the {@link
 * ai.dynamo.test.examples.serving.Tokenizer}, and is sent by the {@link
 * ai.dynamo.test.examples.serving.KvRouter} to the registered worker that already holds the longest
 * prefix of the prompt in its KV cache. Workers run in the same JVM ({@link
 * ai.dynamo.test.examples.serving.ReverseModelWorker}) or behind a loopback TCP socket ({@link
 * ai.dynamo.test.examples.serving.WorkerServer} and {@link
 * ai.dynamo.test.examples.serving.RemoteWorker}). The "model" is deterministic: it answers with the
 * prompt's tokens in reverse order.
 *
 * <pre>{@code
 * WorkerRegistry registry = new WorkerRegistry();
 * registry.register(new ReverseModelWorker("worker-a", 4, 1024));
 * try (Frontend frontend = Frontend.start(new Tokenizer(), new KvRouter(registry, 4, 1024), 0)) {
 *   // POST http://127.0.0.1:<frontend.port()>/v1/completions {"prompt": "a b c", "max_tokens": 8}
 * }
 * }</pre>
 */
package ai.dynamo.test.examples.serving;

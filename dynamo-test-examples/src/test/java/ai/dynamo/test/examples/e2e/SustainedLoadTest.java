package ai.dynamo.test.examples.e2e;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.STRESS;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.examples.CompletionsClient;
import ai.dynamo.test.examples.CompletionsClient.Response;
import ai.dynamo.test.examples.ServingStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many clients at once, sharing a few long system prompts: every request must succeed and prefix
 * affinity must hold under concurrency. Nightly only; the plain {@code @Tag("slow")} is a label as
 * well, so {@code -Ddynamo.select=slow} or {@code -Dgroups=slow} picks it.
 */
@Stage(NIGHTLY)
@TestType(STRESS)
@Tag("slow")
class SustainedLoadTest {

  private static final int CLIENTS = 8;
  private static final int REQUESTS_PER_CLIENT = 50;
  private static final int SYSTEM_PROMPTS = 8;

  /** A hang guard, not a speed target: the run takes about a second. */
  @Test
  @Timeout(60)
  void keepsEachSharedPrefixOnOneWorkerUnderConcurrentLoad() throws Exception {
    try (ServingStack stack =
        ServingStack.start()
            .withLocalWorker("w1")
            .withLocalWorker("w2")
            .withRemoteWorker("w3")
            .withRemoteWorker("w4")) {
      CompletionsClient client = new CompletionsClient(stack.uri());
      Map<Integer, Set<String>> workersBySystemPrompt = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<List<Response>>> results = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int clientId = c;
        results.add(
            clients.submit(
                () -> {
                  List<Response> responses = new ArrayList<>();
                  for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                    int system = (clientId + r) % SYSTEM_PROMPTS;
                    Response response =
                        client.complete(
                            systemPrompt(system) + " client" + clientId + " asks " + r, 4);
                    workersBySystemPrompt
                        .computeIfAbsent(system, k -> ConcurrentHashMap.newKeySet())
                        .add(String.valueOf(response.worker()));
                    responses.add(response);
                  }
                  return responses;
                }));
      }
      List<Response> responses = new ArrayList<>();
      for (Future<List<Response>> result : results) {
        responses.addAll(result.get());
      }
      clients.shutdown();

      assertThat(responses).hasSize(CLIENTS * REQUESTS_PER_CLIENT).allMatch(r -> r.status() == 200);
      assertThat(workersBySystemPrompt.values())
          .allSatisfy(workers -> assertThat(workers).hasSize(1));
      // Only the first request of each system prompt computes it; all others find 4 blocks cached.
      assertThat(responses.stream().filter(r -> r.usage("cached_tokens") == 0))
          .hasSize(SYSTEM_PROMPTS);
      assertThat(responses.stream().filter(r -> r.usage("cached_tokens") >= 16))
          .hasSize(CLIENTS * REQUESTS_PER_CLIENT - SYSTEM_PROMPTS);
      assertThat(stack.workers()).filteredOn(w -> w.requestsServed() > 0).hasSizeGreaterThan(1);
    }
  }

  /** Sixteen tokens, four full blocks, different from the first token on. */
  private static String systemPrompt(int index) {
    StringBuilder prompt = new StringBuilder("persona" + index);
    for (int word = 1; word < 16; word++) {
      prompt.append(" rule").append(index).append('x').append(word);
    }
    return prompt.toString();
  }
}

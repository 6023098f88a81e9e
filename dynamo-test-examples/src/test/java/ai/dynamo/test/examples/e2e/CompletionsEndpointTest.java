package ai.dynamo.test.examples.e2e;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.E2E;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.examples.CompletionsClient;
import ai.dynamo.test.examples.CompletionsClient.Response;
import ai.dynamo.test.examples.ServingStack;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The serving system from a user's side: a frontend on a free port, one worker in-process and one
 * behind its own TCP server, called over HTTP.
 */
@Stage({PRE_MERGE, NIGHTLY})
@TestType(E2E)
class CompletionsEndpointTest {

  private static final String SYSTEM_PROMPT =
      "You are a helpful assistant . Answer briefly and cite the documentation you used";

  private final ServingStack stack =
      ServingStack.start().withLocalWorker("local").withRemoteWorker("remote");
  private final CompletionsClient client = new CompletionsClient(stack.uri());

  @AfterEach
  void stopStack() {
    stack.close();
  }

  @Test
  void servesACompletion() {
    Response response = client.complete("the quick brown fox", 3);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text()).isEqualTo("fox brown quick");
    assertThat(response.finishReason()).isEqualTo("length");
    assertThat(response.usage("prompt_tokens")).isEqualTo(4);
    assertThat(response.usage("completion_tokens")).isEqualTo(3);
    assertThat(response.worker()).isIn("local", "remote");
  }

  @Test
  void sendsAFollowUpToTheWorkerThatCachedTheSharedPrefix() {
    Response first = client.complete(SYSTEM_PROMPT + " . What is a KV cache ?", 4);
    client.complete("an unrelated question about routers", 4);

    Response followUp = client.complete(SYSTEM_PROMPT + " . How do routers work ?", 4);

    assertThat(followUp.worker()).isEqualTo(first.worker());
    assertThat(first.usage("cached_tokens")).isZero();
    // 15 shared tokens: 3 full blocks of 4 tokens are reused.
    assertThat(followUp.usage("cached_tokens")).isEqualTo(12);
  }

  @Test
  void keepsServingWhenARemoteWorkerDies() {
    String prompt = "summarize the incident report for the on call engineer";
    client.complete("warm up the local worker first", 1);
    assertThat(client.complete(prompt, 2).worker()).isEqualTo("remote");

    stack.killRemoteWorker("remote");
    Response response = client.complete(prompt, 2);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.worker()).isEqualTo("local");
    assertThat(response.text()).isEqualTo("engineer call");
    assertThat(client.get("/health").body().path("workers").intValue()).isEqualTo(1);
  }

  /** Adds to the class's classification a need of its own: skipped where curl is missing. */
  @Test
  @Requires(commands = "curl")
  void servesTheCurlCommandOfTheQuickstart() throws Exception {
    Process curl =
        new ProcessBuilder(
                "curl",
                "-s",
                "--max-time",
                "10",
                "-H",
                "Content-Type: application/json",
                "-d",
                "{\"prompt\": \"hello dynamo world\", \"max_tokens\": 2}",
                stack.uri().resolve("/v1/completions").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(curl.waitFor(15, TimeUnit.SECONDS)).as("curl finished").isTrue();
    assertThat(curl.exitValue()).as("curl exit code, output: %s", output).isZero();
    assertThat(new ObjectMapper().readTree(output).path("choices").path(0).path("text").textValue())
        .isEqualTo("world dynamo");
  }

  @Test
  void answersBadRequestsWithAnOpenAiStyleError() {
    Response notJson = client.post("/v1/completions", "{\"prompt\": ");
    Response notAnObject = client.post("/v1/completions", "[\"hello\"]");
    Response noTokens = client.complete("   ", 4);
    Response zeroTokens = client.complete("hello", 0);

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.errorType()).isEqualTo("invalid_request_error");
    assertThat(notJson.errorMessage()).startsWith("Invalid JSON at line 1, column 12: ");
    assertThat(notAnObject.status()).isEqualTo(400);
    assertThat(notAnObject.errorMessage()).isEqualTo("Expected a JSON object, got [\"hello\"]");
    assertThat(noTokens.status()).isEqualTo(400);
    assertThat(noTokens.errorMessage()).contains("at least one token");
    assertThat(zeroTokens.status()).isEqualTo(400);
    assertThat(zeroTokens.errorMessage())
        .isEqualTo("'max_tokens' must be a whole number from 1 to 4096, was 0");
  }

  @Test
  void answersUnknownPathsAndMethodsWithTheirHttpStatus() {
    assertThat(client.get("/v1/completions").status()).isEqualTo(405);
    assertThat(client.get("/v1/chat").status()).isEqualTo(404);
  }

  @Test
  void answers503WhenNoWorkerIsRegistered() {
    stack.registry().deregister("local");
    stack.registry().deregister("remote");

    Response response = client.complete("anyone there", 4);

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.errorMessage()).isEqualTo("No worker is registered to serve the request");
  }
}

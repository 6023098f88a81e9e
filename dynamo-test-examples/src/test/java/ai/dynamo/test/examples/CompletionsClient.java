package ai.dynamo.test.examples;

import ai.dynamo.test.examples.serving.Frontend;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls the frontend the way a user's client would: over HTTP with {@link HttpClient}.
 *
 * <pre>{@code
 * CompletionsClient.Response response = client.complete("the quick brown fox", 3);
 * response.text(); // "fox brown quick"
 * }</pre>
 */
public final class CompletionsClient {

  /**
   * One HTTP answer.
   *
   * @param status the HTTP status
   * @param worker the worker that served the completion, or {@code null}
   * @param body the JSON body (Jackson's tree: {@code body.path("usage").path("cached_tokens")})
   */
  public record Response(int status, String worker, JsonNode body) {

    /** The first choice's text. */
    public String text() {
      return body.path("choices").path(0).path("text").textValue();
    }

    /** The first choice's finish reason. */
    public String finishReason() {
      return body.path("choices").path(0).path("finish_reason").textValue();
    }

    /** A number from {@code usage}: {@code prompt_tokens}, {@code cached_tokens}, ... */
    public int usage(String key) {
      JsonNode value = body.path("usage").path(key);
      if (!value.canConvertToExactIntegral() || !value.isNumber()) {
        throw new AssertionError("usage." + key + " is not a whole number in " + body);
      }
      return value.intValue();
    }

    /** The error message of an error answer. */
    public String errorMessage() {
      return body.path("error").path("message").textValue();
    }

    /** The error type of an error answer. */
    public String errorType() {
      return body.path("error").path("type").textValue();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final URI base;

  public CompletionsClient(URI base) {
    this.base = base;
  }

  /** {@code POST /v1/completions} with a prompt and a token limit. */
  public Response complete(String prompt, int maxTokens) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", Frontend.MODEL);
    body.put("prompt", prompt);
    body.put("max_tokens", maxTokens);
    try {
      return post("/v1/completions", JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write " + body + " as JSON", e);
    }
  }

  /** {@code POST} of a raw body, to send what a well-behaved client would not. */
  public Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** {@code GET} of {@code path}. */
  public Response get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue(Frontend.WORKER_HEADER).orElse(null),
          JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException("Request to " + base + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling " + base, e);
    }
  }
}

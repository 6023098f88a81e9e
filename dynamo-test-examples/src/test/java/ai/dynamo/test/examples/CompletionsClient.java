package ai.dynamo.test.examples;

import ai.dynamo.test.examples.serving.Frontend;
import ai.dynamo.test.examples.serving.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
   * @param body the JSON body
   */
  public record Response(int status, String worker, Map<String, Object> body) {

    /** The first choice's text. */
    public String text() {
      return (String) choice().get("text");
    }

    /** The first choice's finish reason. */
    public String finishReason() {
      return (String) choice().get("finish_reason");
    }

    /** A number from {@code usage}: {@code prompt_tokens}, {@code cached_tokens}, ... */
    public int usage(String key) {
      return ((BigDecimal) object(body.get("usage")).get(key)).intValueExact();
    }

    /** The error message of an error answer. */
    public String errorMessage() {
      return (String) object(body.get("error")).get("message");
    }

    /** The error type of an error answer. */
    public String errorType() {
      return (String) object(body.get("error")).get("type");
    }

    private Map<String, Object> choice() {
      return object(((List<?>) body.get("choices")).get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
      return (Map<String, Object>) value;
    }
  }

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
    return post("/v1/completions", Json.write(body));
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
          Json.parseObject(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException("Request to " + base + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling " + base, e);
    }
  }
}

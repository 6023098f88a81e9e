package ai.dynamo.test.examples.serving;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The HTTP entry point: an OpenAI-style {@code POST /v1/completions} served through the {@link
 * KvRouter}, and {@code GET /health}. Listens on the loopback interface.
 *
 * <pre>{@code
 * try (Frontend frontend = Frontend.start(tokenizer, router, 0)) { // 0: any free port
 *   URI uri = frontend.uri().resolve("/v1/completions");
 *   // POST {"prompt": "the cat sat", "max_tokens": 2}
 *   //  -> {"choices": [{"text": "sat cat", "finish_reason": "length", ...}], "usage": {...}}
 * }
 * }</pre>
 *
 * <p>Errors are JSON too: 400 for a bad request body, 404 for an unknown path, 405 for a wrong
 * method, 503 when no worker can serve. The worker that served a completion is named in the {@value
 * #WORKER_HEADER} response header.
 */
public final class Frontend implements AutoCloseable {

  /** The model name completions report. */
  public static final String MODEL = "reverse-echo";

  /** The response header that names the worker that served a completion. */
  public static final String WORKER_HEADER = "x-dynamo-worker";

  /** The token limit when a request gives no {@code max_tokens}. */
  public static final int DEFAULT_MAX_TOKENS = 16;

  private static final int MAX_TOKENS_LIMIT = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Tokenizer tokenizer;
  private final KvRouter router;
  private final AtomicLong completions = new AtomicLong();
  private final Consumer<Completed> events;

  /**
   * A completion served, as told to the listener given to {@link #start(Tokenizer, KvRouter, int,
   * Consumer)} (for example {@link CompletionEvents#publishingTo}).
   *
   * @param id the completion's id, as in the response
   * @param workerId the worker that served it
   * @param promptTokens the prompt's length in tokens
   * @param completionTokens the tokens generated
   */
  public record Completed(String id, String workerId, int promptTokens, int completionTokens) {}

  private Frontend(
      HttpServer server,
      ExecutorService executor,
      Tokenizer tokenizer,
      KvRouter router,
      Consumer<Completed> events) {
    this.server = server;
    this.executor = executor;
    this.tokenizer = tokenizer;
    this.router = router;
    this.events = events;
  }

  /** Starts serving on {@code port} of the loopback interface; 0 picks a free port. */
  public static Frontend start(Tokenizer tokenizer, KvRouter router, int port) {
    return start(tokenizer, router, port, completed -> {});
  }

  /**
   * Starts serving like {@link #start(Tokenizer, KvRouter, int)} and tells {@code events} of every
   * completion served, after its response was sent.
   */
  public static Frontend start(
      Tokenizer tokenizer, KvRouter router, int port, Consumer<Completed> events) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not listen on loopback port " + port, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(8);
    Frontend frontend = new Frontend(server, executor, tokenizer, router, events);
    server.createContext("/", frontend::handle);
    server.setExecutor(executor);
    server.start();
    return frontend;
  }

  /** The port the frontend listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The frontend's base address, {@code http://127.0.0.1:port/}. */
  public java.net.URI uri() {
    return java.net.URI.create(
        "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/");
  }

  /** Stops accepting requests and closes the server's threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/v1/completions" -> {
          if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            send(exchange, 405, error("invalid_request_error", "Use POST for /v1/completions"));
            return;
          }
          completion(exchange);
        }
        case "/health" -> {
          int workers = router.registry().workers().size();
          send(
              exchange,
              workers > 0 ? 200 : 503,
              Map.of("status", workers > 0 ? "ok" : "no_workers", "workers", workers));
        }
        default -> send(exchange, 404, error("not_found_error", "No such endpoint: " + path));
      }
    }
  }

  private void completion(HttpExchange exchange) throws IOException {
    int maxTokens;
    String prompt;
    try (InputStream in = exchange.getRequestBody()) {
      JsonNode body = requestBody(in);
      prompt = body.path("prompt").isTextual() ? body.path("prompt").textValue() : null;
      maxTokens = maxTokens(body.path("max_tokens"));
    } catch (IllegalArgumentException e) {
      send(exchange, 400, error("invalid_request_error", e.getMessage()));
      return;
    }
    int[] tokens = prompt == null ? new int[0] : tokenizer.encode(prompt);
    if (tokens.length == 0) {
      send(
          exchange,
          400,
          error("invalid_request_error", "'prompt' must be a string with at least one token"));
      return;
    }
    KvRouter.Routed routed;
    try {
      routed = router.generate(tokens, maxTokens);
    } catch (WorkerUnavailableException e) {
      send(exchange, 503, error("service_unavailable", e.getMessage()));
      return;
    }
    Generation generation = routed.generation();
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("text", tokenizer.decode(generation.tokens()));
    choice.put("finish_reason", generation.finishReason());
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", tokens.length);
    usage.put("completion_tokens", generation.tokens().length);
    usage.put("cached_tokens", generation.cachedPromptTokens());
    Map<String, Object> response = new LinkedHashMap<>();
    String id = "cmpl-" + completions.incrementAndGet();
    response.put("id", id);
    response.put("object", "text_completion");
    response.put("model", MODEL);
    response.put("choices", List.of(choice));
    response.put("usage", usage);
    exchange.getResponseHeaders().set(WORKER_HEADER, routed.workerId());
    send(exchange, 200, response);
    events.accept(new Completed(id, routed.workerId(), tokens.length, generation.tokens().length));
  }

  /**
   * The request body as one JSON object.
   *
   * @throws IllegalArgumentException when the body is not one JSON object, saying where and why
   */
  private static JsonNode requestBody(InputStream in) throws IOException {
    JsonNode body;
    try {
      body = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(
          "Invalid JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException(
          "Expected a JSON object, got "
              + (body == null || body.isMissingNode() ? "nothing" : body));
    }
    return body;
  }

  private static int maxTokens(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return DEFAULT_MAX_TOKENS;
    }
    if (value.isNumber()) {
      try {
        int tokens = value.decimalValue().intValueExact();
        if (tokens >= 1 && tokens <= MAX_TOKENS_LIMIT) {
          return tokens;
        }
      } catch (ArithmeticException e) {
        // not a whole number in int range: reported below
      }
    }
    throw new IllegalArgumentException(
        "'max_tokens' must be a whole number from 1 to " + MAX_TOKENS_LIMIT + ", was " + value);
  }

  private static Map<String, Object> error(String type, String message) {
    return Map.of("error", Map.of("message", message, "type", type));
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

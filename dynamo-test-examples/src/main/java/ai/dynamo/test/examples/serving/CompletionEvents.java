package ai.dynamo.test.examples.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes the frontend's completions on NATS, one JSON message per completion on {@value
 * #SUBJECT}: {@code {"id":"cmpl-1","workerId":"w1","promptTokens":4,"completionTokens":3}}.
 *
 * <pre>{@code
 * NatsConnection nats = NatsConnection.connect(URI.create("nats://127.0.0.1:4222"));
 * Frontend.start(tokenizer, router, 0, CompletionEvents.publishingTo(nats));
 * }</pre>
 *
 * <p>An event that cannot be published (NATS gone) is dropped and counted: serving does not depend
 * on NATS.
 */
public final class CompletionEvents implements Consumer<Frontend.Completed> {

  /** The subject completions are published on. */
  public static final String SUBJECT = "dynamo.completions";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NatsConnection nats;
  private final AtomicLong dropped = new AtomicLong();

  private CompletionEvents(NatsConnection nats) {
    this.nats = nats;
  }

  /** Events published through {@code nats}. */
  public static CompletionEvents publishingTo(NatsConnection nats) {
    return new CompletionEvents(nats);
  }

  @Override
  public void accept(Frontend.Completed completed) {
    try {
      nats.publish(SUBJECT, JSON.writeValueAsBytes(completed));
    } catch (UncheckedIOException | JsonProcessingException e) {
      dropped.incrementAndGet();
    }
  }

  /** How many events could not be published. */
  public long dropped() {
    return dropped.get();
  }
}

package ai.dynamo.test.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test known to fail now and then for reasons outside it, so that its failures are retried
 * and a pass after a failure is reported as flaky rather than hidden.
 *
 * <pre>{@code
 * @Test
 * @Flaky(reason = "the NATS container sometimes needs a second to accept connections",
 *        issue = "https://github.com/example/project/issues/123")
 * void publishesToTheStream() { ... }
 * }</pre>
 *
 * <p>Place it on a test method, on a test class (every test of the class), or on an annotation of
 * your own; a class's {@code @Flaky} applies to subclasses. What a failure does is set per run by
 * {@code dynamo.flaky}:
 *
 * <ul>
 *   <li>{@code retry} (default): the test method is invoked again, up to {@code
 *       dynamo.flaky.retries} more times (default 2); a pass after a failure passes, and is
 *       published as a report entry {@link #REPORT_ENTRY} and printed as {@code [dynamo] FLAKY}.
 *       {@code @BeforeEach} and {@code @AfterEach} run once around all attempts.
 *   <li>{@code quarantine}: retried as above, and a test that still fails is reported as aborted,
 *       so it cannot fail the stage.
 *   <li>{@code strict}: no retry: a failure fails, as for any test.
 * </ul>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(FlakyExtension.class)
public @interface Flaky {

  /**
   * The key of the report entry published on a test that failed and then passed on a retry; its
   * value says how many attempts failed and why the test is known to be flaky. Listeners and tools
   * that read the run (the engine's history and reports among them) recognise flaky passes by it.
   */
  String REPORT_ENTRY = "dynamo.flaky";

  /** Why the test is flaky, as far as is known. */
  String reason();

  /** Where the flakiness is tracked, such as an issue's address; empty when untracked. */
  String issue() default "";
}

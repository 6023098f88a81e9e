package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
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
 * {@value FlakySettings#MODE} (see {@link FlakySettings}):
 *
 * <ul>
 *   <li>{@code retry} (default): the failed test is attempted again, up to {@value
 *       FlakySettings#RETRIES} more times (default 2); a pass after a failure passes, and is
 *       published as a report entry {@link #REPORT_ENTRY} on that test and printed as {@code
 *       [dynamo] FLAKY}. A test that fails every attempt fails with the last failure, the earlier
 *       ones suppressed inside it.
 *   <li>{@code quarantine}: retried as above, and a test that still fails is reported as aborted,
 *       so it cannot fail the stage.
 *   <li>{@code strict}: no retry: a failure fails, as for any test.
 * </ul>
 *
 * <p>The engine rejects a bad value of either key at discovery, before any test runs.
 *
 * <h2>What a retry runs again, per kind of test</h2>
 *
 * <p>An extension can run a test's method again, but not its lifecycle: Jupiter creates a test
 * instance and calls {@code @BeforeEach}/{@code @AfterEach} once per test it executes. So a retry
 * <em>never</em> gets a fresh test instance, and lifecycle methods and callbacks do not run again:
 *
 * <ul>
 *   <li>{@code @Test}: the test method is invoked again on the same instance, its parameters
 *       resolved again by the same resolvers. The constructor, {@code @BeforeEach},
 *       {@code @AfterEach} and the {@code BeforeEachCallback}/{@code
 *       BeforeTestExecutionCallback}/{@code AfterTestExecutionCallback}/{@code AfterEachCallback}
 *       extensions run once, around all attempts.
 *   <li>{@code @ParameterizedTest}, {@code @RepeatedTest} and any other {@code @TestTemplate}: each
 *       invocation is retried on its own, as a {@code @Test} is, on that invocation's instance and
 *       with its own arguments (its {@code RepetitionInfo}); the other invocations are untouched,
 *       and the report entry is published on the invocation that needed a retry.
 *   <li>{@code @TestFactory}: each dynamic test's {@code Executable} is run again on its own. A
 *       dynamic test has no instance or lifecycle of its own (the factory's instance serves all of
 *       them, and {@code @BeforeEach}/{@code @AfterEach} run once around the factory and all its
 *       dynamic tests), so a retry runs again everything that belongs to the dynamic test. The
 *       factory method itself is not retried: if it throws, the factory fails.
 * </ul>
 *
 * <p>Not retried, whatever the kind: a failure of a constructor, of {@code @BeforeAll},
 * {@code @BeforeEach}, {@code @AfterEach} or {@code @AfterAll}; an aborted attempt (a failed
 * assumption), which ends the test as aborted; an {@link OutOfMemoryError}. Extensions that
 * intercept the invocation and are registered before {@code @Flaky}'s (Jupiter's own, such as
 * {@code @Timeout}'s, and those of the class) wrap all attempts together, so a {@code @Timeout}
 * bounds them together; those registered after it (a later {@code @ExtendWith} on the method) wrap
 * only the first attempt. State an attempt needs fresh belongs in the test method, or in a
 * parameter whose resolver creates it, since parameters are resolved again for each attempt.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(FlakyExtension.class)
@API(status = STABLE, since = "0.1")
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

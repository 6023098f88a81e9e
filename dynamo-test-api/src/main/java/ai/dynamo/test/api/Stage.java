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
 * Names the life-cycle stages a test runs in.
 *
 * <pre>{@code
 * import static ai.dynamo.test.api.Lifecycle.*;
 *
 * @Stage({PRE_MERGE, NIGHTLY})
 * @TestType(UNIT)
 * class TokenizerTest {
 *   @Test
 *   void splitsOnWhitespace() { ... }
 *
 *   @Test
 *   @Stage(NIGHTLY) // overrides the class: this test runs only at night
 *   void tokenizesTheWholeCorpus() { ... }
 * }
 * }</pre>
 *
 * <p>Place it on a test class, a test method, or an annotation of your own, to compose for example
 * {@code @GpuNightlyE2E}. A method's {@code @Stage} replaces its class's; a class's applies to its
 * subclasses and to its {@code @Nested} classes unless they declare their own. Select stages in a
 * run with {@code -Ddynamo.stage=pre-merge}. A test without a stage is <em>unclassified</em>: it is
 * reported by name in every run that selects a stage, and does not run there unless {@code
 * dynamo.unclassified=include}.
 *
 * <p>{@code @Stage} also registers {@link StageCondition}, through which the engine skips tests
 * that have not started once the stage's time budget ({@code dynamo.budget}) is spent; nothing has
 * to be registered by hand.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(StageCondition.class)
@API(status = STABLE, since = "0.1")
public @interface Stage {

  /** The stages the test runs in; at least one. */
  Lifecycle[] value();
}

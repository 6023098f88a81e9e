package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Names the kind of a test: unit, integration, end-to-end, performance, stress or continuous
 * operation.
 *
 * <pre>{@code
 * import static ai.dynamo.test.api.TestKind.E2E;
 *
 * @Stage(NIGHTLY)
 * @TestType(E2E)
 * class ServeModelE2ETest { ... }
 * }</pre>
 *
 * <p>Place it on a test class, a test method, or an annotation of your own. A method's type
 * replaces its class's; a class's applies to subclasses and {@code @Nested} classes. Select kinds
 * in a run with {@code -Ddynamo.type=unit,integration}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@API(status = STABLE, since = "0.1")
public @interface TestType {

  /** The kind of the test. */
  TestKind value();
}

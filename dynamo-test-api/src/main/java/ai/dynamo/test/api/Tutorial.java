package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Links a test to the documentation page, or the section of a page, whose instructions it proves.
 * The reports of the {@code dynamo} engine list every page and section under {@code
 * dynamo.docs.dir} with the tests that cover it, flag sections no test covers, and name tests that
 * link to a page or section that does not exist (which stops the run under {@code
 * dynamo.citations=strict}).
 *
 * <pre>{@code
 * @Stage(NIGHTLY)
 * @TestType(E2E)
 * @Tutorial("docs/quickstart.md#serve-a-model")
 * class QuickstartTest { ... }
 * }</pre>
 *
 * <p>The value is a path relative to the repository root, starting with the docs directory's name,
 * and optionally {@code #} and the section's anchor as GitHub renders it (the heading in lower
 * case, spaces as hyphens, punctuation dropped). Place it on a test class, a test method or an
 * annotation of your own; it is repeatable, and the links of a method and its classes add up.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Tutorials.class)
@API(status = STABLE, since = "0.1")
public @interface Tutorial {

  /** The page and optional section: {@code "docs/quickstart.md#serve-a-model"}. */
  String value();
}

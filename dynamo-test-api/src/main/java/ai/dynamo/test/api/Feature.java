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
 * Names a product feature that a test covers, by its name in the project's feature catalog. The
 * reports of the {@code dynamo} engine show, for every feature in the catalog, which tests cover it
 * in which stages, list the features no test covers, and name tests that cite a feature the catalog
 * does not have (which stops the run under {@code dynamo.citations=strict}).
 *
 * <pre>{@code
 * @Stage(PRE_MERGE)
 * @TestType(INTEGRATION)
 * @Feature("kv-routing")
 * class KvRouterTest {
 *   @Test
 *   @Feature("kv-routing.prefix-cache") // adds to the class's feature
 *   void routesToTheWorkerWithTheLongestPrefix() { ... }
 * }
 * }</pre>
 *
 * <p>The catalog is a properties file, {@code name=description} per line, named by {@code
 * dynamo.features.catalog}. Place {@code @Feature} on a test class, a test method or an annotation
 * of your own; it is repeatable, and the features of a method, its class and the classes that
 * enclose it add up.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Features.class)
@API(status = STABLE, since = "0.1")
public @interface Feature {

  /** The feature's name in the catalog, such as {@code "kv-routing"}. */
  String value();
}

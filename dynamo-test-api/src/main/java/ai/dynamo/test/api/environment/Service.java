package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares a service the test needs: started before the test, ready when the test begins, its
 * {@link ServiceHandle handle} injected, and stopped (its whole process group, or its container)
 * afterwards whatever happened.
 *
 * <pre>{@code
 * import static ai.dynamo.test.api.environment.BuiltInService.*;
 *
 * @Service(NATS)                                   // a NATS server for this class
 * @Service(value = ETCD, scope = ServiceScope.RUN) // one etcd for the whole run
 * @Service(name = "echo", recipe = EchoRecipe.class, scope = ServiceScope.METHOD)
 * class RuntimeTest {
 *   @Test
 *   void survivesANatsRestart(@ServiceRef("nats") ServiceHandle nats) {
 *     connect(nats.url());
 *     nats.restart(); // same port
 *   }
 * }
 * }</pre>
 *
 * <p>How services run is chosen for the whole run with {@code dynamo.env.mode}: {@code local}
 * (default, processes from the {@code PATH}), {@code container} (Testcontainers, from local images)
 * or {@code auto} (container where a Docker engine answers). Ports are chosen free at start and
 * substituted into the recipe. Each service's output goes to a log file named after the test and
 * the service, under {@code services} in the reports directory ({@code dynamo.reports.dir}) unless
 * {@code dynamo.env.logs} names another directory. Where an environment variable names an existing
 * endpoint ({@code NATS_SERVER}, {@code ETCD_ENDPOINTS}, or a recipe's own), that endpoint is used
 * and nothing is started.
 *
 * <p>Place it on a test class, a test method, or an annotation of your own; it is repeatable. A
 * class's declarations apply to its subclasses and {@code @Nested} classes; a method's are started
 * for that method only. Needs {@code dynamo-test-engine} on the test class path.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Services.class)
@ExtendWith(ServiceExtension.class)
@API(status = EXPERIMENTAL, since = "0.1")
public @interface Service {

  /** A built-in recipe; {@link BuiltInService#NONE} when {@link #recipe()} defines the service. */
  BuiltInService value() default BuiltInService.NONE;

  /**
   * The service's name, unique among the services a test sees: used by {@link ServiceRef} and in
   * log file names. Default: the built-in's name in lower case ({@code nats}, {@code etcd}), or the
   * recipe's {@link ServiceDefinition#name()}.
   */
  String name() default "";

  /** A recipe for a service that is not built in; it needs a public no-argument constructor. */
  Class<? extends ServiceRecipe> recipe() default ServiceRecipe.class;

  /** How long the service lives. A declaration on a method always lives for that method. */
  ServiceScope scope() default ServiceScope.CLASS;

  /** For {@link BuiltInService#NATS}: run with JetStream enabled. */
  boolean jetstream() default false;

  /**
   * How long start-up may take until the service is ready: a positive duration as {@code
   * dynamo.budget} takes it, such as {@code "30s"}, {@code "2m"}, {@code "1h30m"} or {@code
   * "PT45M"}. Default: the recipe's, else {@code dynamo.env.start-timeout}.
   */
  String startTimeout() default "";
}

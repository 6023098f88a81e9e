package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Picks which declared service a {@link ServiceHandle} parameter or field receives, by the
 * service's name. Needed only when a test sees more than one service.
 *
 * <pre>{@code
 * @Service(NATS)
 * @Service(ETCD)
 * class RuntimeTest {
 *   @ServiceRef("etcd") ServiceHandle etcd;      // a field
 *
 *   @Test
 *   void publishes(@ServiceRef("nats") ServiceHandle nats) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@API(status = EXPERIMENTAL, since = "0.1")
public @interface ServiceRef {

  /** The service's name: {@code nats}, {@code etcd}, or the {@link Service#name()} given. */
  String value();
}

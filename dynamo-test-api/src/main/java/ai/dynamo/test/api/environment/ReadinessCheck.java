package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A custom readiness check, for {@link Readiness#custom(ReadinessCheck)}: polled until it returns
 * {@code true} or the start timeout passes. An exception counts as "not ready yet".
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface ReadinessCheck {

  /** Whether {@code service} is ready to be used. */
  boolean isReady(ServiceHandle service) throws Exception;
}

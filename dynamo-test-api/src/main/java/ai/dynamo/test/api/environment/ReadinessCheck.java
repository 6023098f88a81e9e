package ai.dynamo.test.api.environment;

/**
 * A custom readiness check, for {@link Readiness#custom(ReadinessCheck)}: polled until it returns
 * {@code true} or the start timeout passes. An exception counts as "not ready yet".
 */
@FunctionalInterface
public interface ReadinessCheck {

  /** Whether {@code service} is ready to be used. */
  boolean isReady(ServiceHandle service) throws Exception;
}

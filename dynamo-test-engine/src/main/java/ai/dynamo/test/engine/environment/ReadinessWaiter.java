package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.ServiceHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until a started service is ready, bounded by its start timeout, and stops waiting at once
 * when the service dies.
 */
final class ReadinessWaiter {

  private ReadinessWaiter() {}

  /**
   * Returns when ready.
   *
   * @throws ServiceStartException when the service died or the timeout passed, with the exit code
   *     or what was awaited, and the tail of the log
   */
  static void await(
      ServiceHandle service,
      Instance instance,
      Readiness readiness,
      Duration timeout,
      ServiceLog log,
      long logOffset) {
    AtomicBoolean died = new AtomicBoolean();
    Readiness.Target target = new StartingService(service, log, logOffset);
    try {
      Awaitility.await("service '" + service.name() + "' to be ready: " + readiness)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!instance.isAlive()) {
                  died.set(true);
                  return true;
                }
                return readiness.isReady(target);
              });
    } catch (ConditionTimeoutException e) {
      throw new ServiceStartException(
          "Service '"
              + service.name()
              + "' ("
              + instance.describe()
              + ") was not ready within "
              + timeout.toMillis()
              + " ms: awaited "
              + readiness
              + " at "
              + service.host()
              + " ports "
              + service.ports()
              + ". "
              + log.describeTail());
    }
    if (died.get()) {
      throw new ServiceStartException(
          "Service '"
              + service.name()
              + "' ("
              + instance.describe()
              + ") died during start-up"
              + instance.exitCode().stream()
                  .mapToObj(code -> " with exit code " + code)
                  .findFirst()
                  .orElse("")
              + ", before "
              + readiness
              + ". "
              + log.describeTail());
    }
  }

  /** What a readiness check sees of a starting service: its handle and its log since the start. */
  private record StartingService(ServiceHandle service, ServiceLog log, long logOffset)
      implements Readiness.Target {

    @Override
    public String logSinceStart() {
      return log.since(logOffset);
    }

    @Override
    public boolean publishesPorts() {
      return service instanceof RunningService running && running.publishesPorts();
    }
  }
}

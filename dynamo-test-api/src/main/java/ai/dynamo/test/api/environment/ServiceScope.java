package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How long a declared {@link Service @Service} lives, and so who shares it.
 *
 * <pre>{@code
 * @Service(value = NATS, scope = ServiceScope.RUN) // one NATS for every class that declares it
 * class RouterTest { ... }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum ServiceScope {
  /** A fresh service for each test method, stopped after it. */
  METHOD,
  /** One service for all tests of the class, stopped after the class (the default). */
  CLASS,
  /**
   * One service for the whole run, shared by every class that declares the same service with the
   * same configuration; started by the first class that needs it and stopped at the end of the run.
   * Safe under parallel execution: it is started once.
   */
  RUN
}

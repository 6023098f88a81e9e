package ai.dynamo.test.engine.environment;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A declared service could not be started or did not become ready. The message says which service,
 * what was awaited or what was missing, how to fix it, and ends with the tail of the service's log
 * and the log's path.
 */
@API(status = INTERNAL, since = "0.1")
public class ServiceStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ServiceStartException(String message) {
    super(message);
  }

  public ServiceStartException(String message, Throwable cause) {
    super(message, cause);
  }
}

package ai.dynamo.test.engine.configuration;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.junit.platform.commons.JUnitException;

/**
 * A configuration parameter or a taxonomy annotation has a value the engine cannot use. The message
 * names the parameter or annotation, the bad value and the valid choices. Thrown while tests are
 * discovered, so a run with bad input stops before any test runs.
 */
@API(status = INTERNAL, since = "0.1")
public class ConfigurationException extends JUnitException {

  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }
}

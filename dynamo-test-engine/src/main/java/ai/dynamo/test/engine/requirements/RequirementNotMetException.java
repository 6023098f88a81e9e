package ai.dynamo.test.engine.requirements;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import org.apiguardian.api.API;

/**
 * A test's {@code @Requires} is not met and {@code dynamo.requirements.missing=fail}: the test
 * fails with this, its message saying what is required and what was found.
 */
@API(status = INTERNAL, since = "0.1")
public class RequirementNotMetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RequirementNotMetException(String reason) {
    super(reason + " (failing because " + Constants.REQUIREMENTS_MISSING + "=fail)");
  }
}

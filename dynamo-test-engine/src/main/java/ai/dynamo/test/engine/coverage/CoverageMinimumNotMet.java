package ai.dynamo.test.engine.coverage;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The failure of a run whose coverage is below a {@code dynamo.coverage.minimum.<type>}, or was not
 * measured although a minimum is set. It is the failure of the engine's root, so build tools fail
 * the build and show the message.
 */
@API(status = INTERNAL, since = "0.1")
public final class CoverageMinimumNotMet extends AssertionError {

  private static final long serialVersionUID = 1L;

  CoverageMinimumNotMet(List<String> reasons) {
    super(String.join(" ", reasons));
  }
}

package ai.dynamo.test.engine.launcher;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Removes the {@code junit-jupiter} engine's tests from a run in which the {@code dynamo} engine
 * runs the same tests, so that each test runs exactly once. When {@code dynamo} is not part of the
 * run (excluded by an engine filter, say) Jupiter's tests stay. Registered through {@code
 * ServiceLoader}.
 */
@API(status = INTERNAL, since = "0.1")
public final class JupiterDuplicateFilter implements PostDiscoveryFilter {

  @Override
  public FilterResult apply(TestDescriptor descriptor) {
    boolean jupiter =
        descriptor.getUniqueId().getEngineId().filter("junit-jupiter"::equals).isPresent();
    if (jupiter && DiscoveryParticipation.isDynamoDiscovering()) {
      return FilterResult.excluded("runs through the dynamo engine");
    }
    return FilterResult.included("not a duplicate");
  }
}

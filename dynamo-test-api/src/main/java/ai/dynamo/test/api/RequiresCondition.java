package ai.dynamo.test.api;

import ai.dynamo.test.api.spi.GpuScheduler;
import ai.dynamo.test.api.spi.RequirementsEvaluator;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link Requires @Requires}. Probing the host and sharing its GPUs is the
 * engine's work, so this class only finds the engine's {@link RequirementsEvaluator} and {@link
 * GpuScheduler} once per run and asks them: whether the test may run, and which GPUs it holds
 * (taken before the class's or the test's first callback, resolvable as a {@link GpuAllocation}
 * parameter and readable through {@link GpuAllocation#current()} while the test runs).
 */
final class RequiresCondition
    implements ExecutionCondition,
        BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(RequiresCondition.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return load(context, RequirementsEvaluator.class).evaluate(context);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    load(context, GpuScheduler.class).allocationFor(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    GpuAllocation.setCurrent(load(context, GpuScheduler.class).allocationFor(context).orElse(null));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    GpuAllocation.setCurrent(null);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == GpuAllocation.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return load(context, GpuScheduler.class)
        .allocationFor(context)
        .orElseThrow(
            () ->
                new ParameterResolutionException(
                    "No GPUs are held for "
                        + context.getDisplayName()
                        + ", so "
                        + parameter.getParameter()
                        + " cannot be resolved: declare @Requires(gpus = N) on the test or its"
                        + " class."));
  }

  private static <T> T load(ExtensionContext context, Class<T> type) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(type, key -> loadService(type), type);
  }

  private static <T> T loadService(Class<T> type) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = RequiresCondition.class.getClassLoader();
    }
    return ServiceLoader.load(type, loader)
        .findFirst()
        .orElseThrow(
            () ->
                new ExtensionConfigurationException(
                    "@Requires is checked by the dynamo test engine, which is not on the test"
                        + " class path: add the dependency ai.dynamo.test:dynamo-test-engine with"
                        + " scope test."));
  }
}

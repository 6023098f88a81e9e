package ai.dynamo.test.api.environment;

import ai.dynamo.test.api.spi.ServiceEnvironment;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The extension behind {@link Service @Service}. Starting services is the engine's work, so this
 * class only finds the engine's {@link ServiceEnvironment} once per run and hands every call to it.
 */
final class ServiceExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

  private static final Namespace NAMESPACE = Namespace.create(ServiceExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    environment(context).beforeAll(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    environment(context).beforeEach(context);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    environment(context).handleTestExecutionException(context, throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    environment(context).handleBeforeAllMethodExecutionException(context, throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    environment(context).handleBeforeEachMethodExecutionException(context, throwable);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    environment(context).handleAfterEachMethodExecutionException(context, throwable);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    environment(context).handleAfterAllMethodExecutionException(context, throwable);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return environment(context).supportsParameter(parameter, context);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return environment(context).resolveParameter(parameter, context);
  }

  private static ServiceEnvironment environment(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(ServiceEnvironment.class, key -> load(), ServiceEnvironment.class);
  }

  private static ServiceEnvironment load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ServiceExtension.class.getClassLoader();
    }
    return ServiceLoader.load(ServiceEnvironment.class, loader)
        .findFirst()
        .orElseThrow(
            () ->
                new ExtensionConfigurationException(
                    "@Service is provided by the dynamo test engine, which is not on the test"
                        + " class path: add the dependency ai.dynamo.test:dynamo-test-engine with"
                        + " scope test."));
  }
}

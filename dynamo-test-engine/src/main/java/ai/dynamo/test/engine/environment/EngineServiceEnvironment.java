package ai.dynamo.test.engine.environment;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceRef;
import ai.dynamo.test.api.environment.ServiceScope;
import ai.dynamo.test.api.spi.ServiceEnvironment;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.requirements.EngineRequirementsEvaluator;
import ai.dynamo.test.engine.run.DynamoRun;
import ai.dynamo.test.engine.scheduling.gpu.EngineGpuScheduler;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * The Jupiter glue of {@code @Service}: class- and run-scoped services before all tests of a class,
 * method-scoped ones before each test; each stored as a closeable resource in the store of its
 * scope, so JUnit stops it when the scope ends, after failures and timeouts too (run-scoped ones
 * with the run's {@link ServiceRuntime}, kept in the root's store). Handles reach tests as
 * parameters and fields; a failure after a service died says so. Registered through {@code
 * ServiceLoader} for {@code ai.dynamo.test.api.environment.Service}'s bridge.
 */
@API(status = INTERNAL, since = "0.1")
public final class EngineServiceEnvironment implements ServiceEnvironment {

  private static final Namespace NAMESPACE = Namespace.create(EngineServiceEnvironment.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    List<Service> declared = declarations(testClass);
    if (declared.isEmpty()) {
      return;
    }
    ServiceRuntime runtime = runtime(context);
    Map<String, ServiceHandle> handles = handles(context);
    for (Service service : declared) {
      if (service.scope() == ServiceScope.METHOD) {
        continue;
      }
      ServiceDefinition definition = runtime.define(service, testClass.getName());
      checkUnique(handles, definition.name(), testClass.getName());
      // A run-scoped service outlives this class: its log is named after the run, not the class,
      // and the runtime, not the class, stops it.
      Supplier<ServiceHandle> start =
          service.scope() == ServiceScope.RUN
              ? () ->
                  runtime.start(service, definition, "run-" + testClass.getSimpleName(), Map.of())
              : () ->
                  ownedBy(
                      context,
                      runtime.start(
                          service,
                          definition,
                          testClass.getSimpleName(),
                          EngineGpuScheduler.environmentFor(context)));
      handles.put(definition.name(), runtime.serve(service.scope(), definition, start));
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    Method method = context.getRequiredTestMethod();
    Class<?> testClass = context.getRequiredTestClass();
    List<Service> perMethod = new ArrayList<>();
    for (Service service : declarations(testClass)) {
      if (service.scope() == ServiceScope.METHOD) {
        perMethod.add(service);
      }
    }
    perMethod.addAll(declarations(method));
    if (!perMethod.isEmpty()) {
      ServiceRuntime runtime = runtime(context);
      Map<String, ServiceHandle> handles = handles(context);
      String where = testClass.getName() + "#" + method.getName();
      Map<String, String> gpuEnvironment = EngineGpuScheduler.environmentFor(context);
      for (Service service : perMethod) {
        ServiceDefinition definition = runtime.define(service, where);
        checkUnique(handles, definition.name(), where);
        ServiceHandle handle =
            runtime.serve(
                ServiceScope.METHOD,
                definition,
                () ->
                    ownedBy(
                        context,
                        runtime.start(
                            service,
                            definition,
                            testClass.getSimpleName() + "." + method.getName(),
                            gpuEnvironment)));
        handles.put(definition.name(), handle);
      }
    }
    injectFields(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ServiceHandle.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Optional<String> name = parameter.findAnnotation(ServiceRef.class).map(ServiceRef::value);
    try {
      return select(visible(context), name, "parameter " + parameter.getParameter());
    } catch (ExtensionConfigurationException e) {
      throw new ParameterResolutionException(e.getMessage());
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw withMisbehaviour(context, throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw withMisbehaviour(context, throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw withMisbehaviour(context, throwable);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw withMisbehaviour(context, throwable);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw withMisbehaviour(context, throwable);
  }

  /**
   * {@code failure} itself, or, when a service the failing code could use died, a {@link
   * ServiceDiedException} that says so (exit code, log path and tail) with {@code failure} as its
   * cause: the dead service is the likelier reason, so it leads the report.
   */
  private static Throwable withMisbehaviour(ExtensionContext context, Throwable failure) {
    if (failure instanceof TestAbortedException) {
      return failure;
    }
    List<String> misbehaviours = new ArrayList<>();
    for (ServiceHandle handle : visible(context).values()) {
      if (handle instanceof RunningService running) {
        running.misbehaviour().ifPresent(misbehaviours::add);
      }
    }
    if (misbehaviours.isEmpty()) {
      return failure;
    }
    return new ServiceDiedException(
        String.join("\n", misbehaviours) + "\nThe failure that followed: " + failure, failure);
  }

  /** A service a test used died while the test ran: the test's failure, caused by the death. */
  static final class ServiceDiedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServiceDiedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static List<Service> declarations(AnnotatedElement element) {
    // A subclass that repeats its superclass's declaration means the same service, not a second.
    return AnnotationSupport.findRepeatableAnnotations(element, Service.class).stream()
        .distinct()
        .toList();
  }

  private static void checkUnique(Map<String, ServiceHandle> handles, String name, String where) {
    if (handles.containsKey(name)) {
      throw new ExtensionConfigurationException(
          "Two @Service declarations on "
              + where
              + " are named '"
              + name
              + "': give one of them another name with @Service(name = ...).");
    }
  }

  private void injectFields(ExtensionContext context) throws IllegalAccessException {
    Map<String, ServiceHandle> visible = null;
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      List<Field> fields =
          ReflectionSupport.findFields(
              instance.getClass(),
              field ->
                  field.getType() == ServiceHandle.class
                      && !Modifier.isStatic(field.getModifiers())
                      && !Modifier.isFinal(field.getModifiers()),
              HierarchyTraversalMode.TOP_DOWN);
      for (Field field : fields) {
        if (visible == null) {
          visible = visible(context);
        }
        Optional<String> name =
            AnnotationSupport.findAnnotation(field, ServiceRef.class).map(ServiceRef::value);
        field.setAccessible(true);
        field.set(instance, select(visible, name, "field " + field));
      }
    }
  }

  private static ServiceHandle select(
      Map<String, ServiceHandle> visible, Optional<String> name, String what) {
    if (name.isPresent()) {
      ServiceHandle handle = visible.get(name.get());
      if (handle == null) {
        throw new ExtensionConfigurationException(
            "No service named '"
                + name.get()
                + "' for "
                + what
                + "; declared services: "
                + visible.keySet()
                + ".");
      }
      return handle;
    }
    if (visible.size() == 1) {
      return visible.values().iterator().next();
    }
    throw new ExtensionConfigurationException(
        (visible.isEmpty()
                ? "No @Service is declared"
                : "Several services are declared " + visible.keySet())
            + " for "
            + what
            + ": declare one with @Service, or pick one with @ServiceRef(\"name\").");
  }

  /** The services declared at this context, by name. */
  @SuppressWarnings("unchecked")
  private static Map<String, ServiceHandle> handles(ExtensionContext context) {
    // Stores look up parent stores: a key of the context's own keeps a method's services apart
    // from its class's.
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            handlesKey(context), key -> new ConcurrentHashMap<String, ServiceHandle>(), Map.class);
  }

  private static String handlesKey(ExtensionContext context) {
    return "handles " + context.getUniqueId();
  }

  /** The services a test sees: its own, then its class's, then enclosing classes'. */
  @SuppressWarnings("unchecked")
  private static Map<String, ServiceHandle> visible(ExtensionContext context) {
    Map<String, ServiceHandle> visible = new LinkedHashMap<>();
    for (Optional<ExtensionContext> current = Optional.of(context);
        current.isPresent();
        current = current.get().getParent()) {
      Map<String, ServiceHandle> own =
          current.get().getStore(NAMESPACE).get(handlesKey(current.get()), Map.class);
      if (own != null) {
        own.forEach(visible::putIfAbsent);
      }
    }
    return visible;
  }

  /** The run's services, created by the first class or test that declares one. */
  private static ServiceRuntime runtime(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            ServiceRuntime.class,
            key -> {
              ExtensionContext root = context.getRoot();
              DynamoConfiguration configuration = DynamoRun.configuration(context);
              boolean print = configuration.summary();
              return ServiceRuntime.create(
                  EnvironmentSettings.from(configuration),
                  EngineRequirementsEvaluator.host(context),
                  starts -> starts.report(root, print));
            },
            ServiceRuntime.class);
  }

  /** {@code handle}, which {@code context}'s store stops when the context ends. */
  private static ServiceHandle ownedBy(ExtensionContext context, ServiceHandle handle) {
    if (handle instanceof RunningService running) {
      context.getStore(NAMESPACE).put(running, running);
    }
    return handle;
  }
}

package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.BuiltInService;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.api.environment.ServiceRecipe;
import ai.dynamo.test.api.environment.ServiceRef;
import ai.dynamo.test.api.environment.ServiceScope;
import ai.dynamo.test.api.spi.ServiceEnvironment;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.MissingRequirement;
import ai.dynamo.test.engine.requirements.HostProbe;
import ai.dynamo.test.engine.requirements.RequirementsCheck;
import ai.dynamo.test.engine.scheduling.gpu.EngineGpuScheduler;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * Runs {@code @Service} declarations for Jupiter: class- and run-scoped services before all tests
 * of a class, method-scoped ones before each test; each stored as a closeable resource in the store
 * of its scope (run scope: the root's), so JUnit stops it when the scope ends, after failures and
 * timeouts too. Handles reach tests as parameters and fields. Registered through {@code
 * ServiceLoader} for {@code ai.dynamo.test.api.environment.Service}'s bridge.
 */
public final class EngineServiceEnvironment implements ServiceEnvironment {

  private static final Namespace NAMESPACE = Namespace.create(EngineServiceEnvironment.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    List<Service> declared = declarations(testClass);
    if (declared.isEmpty()) {
      return;
    }
    Run run = run(context);
    Map<String, ServiceHandle> handles = handles(context);
    for (Service service : declared) {
      if (service.scope() == ServiceScope.METHOD) {
        continue;
      }
      ServiceDefinition definition = run.define(service, testClass.getName());
      checkUnique(handles, definition.name(), testClass.getName());
      // A run-scoped service outlives this class: its log is named after the run, not the class.
      Supplier<ServiceHandle> start =
          service.scope() == ServiceScope.RUN
              ? () -> run.start(service, definition, "run-" + testClass.getSimpleName())
              : () ->
                  run.startIn(
                      context,
                      service,
                      definition,
                      testClass.getSimpleName(),
                      EngineGpuScheduler.environmentFor(context));
      handles.put(definition.name(), run.serve(service.scope(), definition, start));
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
      Run run = run(context);
      Map<String, ServiceHandle> handles = handles(context);
      String where = testClass.getName() + "#" + method.getName();
      Map<String, String> gpuEnvironment = EngineGpuScheduler.environmentFor(context);
      for (Service service : perMethod) {
        ServiceDefinition definition = run.define(service, where);
        checkUnique(handles, definition.name(), where);
        ServiceHandle handle =
            run.serve(
                ServiceScope.METHOD,
                definition,
                () ->
                    run.startIn(
                        context,
                        service,
                        definition,
                        testClass.getSimpleName() + "." + method.getName(),
                        gpuEnvironment));
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

  private static Run run(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Run.class, key -> Run.create(context), Run.class);
  }

  /**
   * What a run shares: its settings, the mode services run in, the run-scoped services. Creating it
   * reaps the leftovers of dead JVMs.
   */
  static final class Run implements AutoCloseable {

    private final EnvironmentSettings settings;
    private final ServiceMode mode;
    private final Optional<String> unavailable;
    private final Map<String, FutureTask<ServiceHandle>> shared = new ConcurrentHashMap<>();

    /** What the run's scopes declared and what it started for them, reported at its end. */
    final ServiceStarts starts = new ServiceStarts();

    private final ExtensionContext root;
    private final boolean print;

    private Run(
        EnvironmentSettings settings,
        ServiceMode mode,
        Optional<String> unavailable,
        ExtensionContext root,
        boolean print) {
      this.settings = settings;
      this.mode = mode;
      this.unavailable = unavailable;
      this.root = root;
      this.print = print;
    }

    static Run create(ExtensionContext context) {
      EnvironmentSettings settings = EnvironmentSettings.from(context::getConfigurationParameter);
      ServiceMode mode = ServiceMode.LOCAL;
      Optional<String> unavailable = Optional.empty();
      boolean docker = false;
      if (settings.mode() != EnvironmentSettings.Mode.LOCAL) {
        // The same probe as @Requires(DOCKER) (it honours dynamo.requirements.docker-host), then
        // Testcontainers' own view of the engine.
        Optional<String> missing =
            new RequirementsCheck(
                    HostProbe.of(DynamoConfiguration.from(context::getConfigurationParameter)))
                .dockerMissing();
        if (missing.isEmpty() && !ContainerInstance.dockerAvailable()) {
          missing =
              Optional.of(
                  "requires Docker: the engine answers its socket but Testcontainers cannot use"
                      + " it (an engine without a default bridge network, as .ci/services starts,"
                      + " needs TESTCONTAINERS_HOST_OVERRIDE=localhost)");
        }
        docker = missing.isEmpty();
        if (docker) {
          mode = ServiceMode.CONTAINER;
        } else if (settings.mode() == EnvironmentSettings.Mode.CONTAINER) {
          mode = ServiceMode.CONTAINER;
          unavailable =
              Optional.of(
                  missing.get()
                      + " (for "
                      + Constants.ENV_MODE
                      + "=container; .ci/services installs and starts one)");
        }
      }
      // Local runs do not touch Docker (connecting costs seconds): leftover containers are reaped
      // by the next run that uses containers.
      Reaper.reap(settings.state(), docker);
      return new Run(
          settings,
          mode,
          unavailable,
          context.getRoot(),
          DynamoConfiguration.from(context::getConfigurationParameter).summary());
    }

    /** {@code handle}, counted as a start of a {@code scope}-scoped service if one was started. */
    /**
     * Serves one {@code scope}-scoped declaration of {@code definition}: a run-scoped one gets the
     * run's shared instance, which {@code start} starts the first time; any other gets its own. The
     * declaration, the start and the handle are counted for the line at the end of the run.
     */
    ServiceHandle serve(
        ServiceScope scope, ServiceDefinition definition, Supplier<ServiceHandle> start) {
      starts.declared(definition.name(), scope);
      ServiceHandle handle =
          scope == ServiceScope.RUN
              ? shared(definition, () -> counted(scope, start.get()))
              : counted(scope, start.get());
      starts.served(definition.name(), scope, handle);
      return handle;
    }

    private ServiceHandle counted(ServiceScope scope, ServiceHandle handle) {
      if (handle instanceof RunningService running) {
        starts.started(running.name(), scope);
      }
      return handle;
    }

    EnvironmentSettings settings() {
      return settings;
    }

    ServiceDefinition define(Service service, String where) {
      ServiceDefinition definition =
          switch (service.value()) {
            case NATS -> BuiltInRecipes.nats(service.jetstream(), settings.natsImage());
            case ETCD -> BuiltInRecipes.etcd(settings.etcdImage());
            case NONE -> fromRecipe(service, where);
          };
      if (service.value() != BuiltInService.NONE && service.recipe() != ServiceRecipe.class) {
        throw new ExtensionConfigurationException(
            "@Service on "
                + where
                + " names both the built-in "
                + service.value()
                + " and the recipe "
                + service.recipe().getName()
                + ": name one of them.");
      }
      return service.name().isEmpty() ? definition : definition.renamed(service.name());
    }

    private static ServiceDefinition fromRecipe(Service service, String where) {
      if (service.recipe() == ServiceRecipe.class) {
        throw new ExtensionConfigurationException(
            "@Service on "
                + where
                + " names no service: write @Service(NATS), @Service(ETCD), or"
                + " @Service(name = \"...\", recipe = YourRecipe.class).");
      }
      ServiceDefinition definition;
      try {
        definition = ReflectionSupport.newInstance(service.recipe()).define();
      } catch (RuntimeException e) {
        throw new ExtensionConfigurationException(
            "The recipe "
                + service.recipe().getName()
                + " of @Service on "
                + where
                + " could not define its service: "
                + e.getMessage(),
            e);
      }
      if (definition == null || definition.ports().isEmpty()) {
        throw new ExtensionConfigurationException(
            "The recipe "
                + service.recipe().getName()
                + " of @Service on "
                + where
                + " must return a definition with at least one port (withPorts).");
      }
      return definition;
    }

    private Duration timeout(Service service, ServiceDefinition definition) {
      if (!service.startTimeout().isBlank()) {
        return Durations.parse(
            "@Service(startTimeout) of " + definition.name(), service.startTimeout());
      }
      return definition.startTimeout().orElse(settings.startTimeout());
    }

    /** The handle of a new or external service, not yet owned by any store. */
    ServiceHandle start(Service service, ServiceDefinition definition, String logBase) {
      return start(service, definition, logBase, Map.of());
    }

    /**
     * As {@link #start(Service, ServiceDefinition, String)}, with {@code extraEnvironment} (such as
     * the {@code CUDA_VISIBLE_DEVICES} of the GPUs the owning test holds) added beneath the
     * definition's own environment.
     */
    ServiceHandle start(
        Service service,
        ServiceDefinition definition,
        String logBase,
        Map<String, String> extraEnvironment) {
      Optional<String> endpoint =
          definition
              .endpointVariable()
              .flatMap(variable -> Optional.ofNullable(System.getenv(variable)))
              .filter(value -> !value.isBlank());
      if (endpoint.isPresent()) {
        return new ExternalService(
            definition.name(),
            definition.endpointVariable().get(),
            endpoint.get(),
            definition.ports());
      }
      if (unavailable.isPresent()) {
        if (settings.missing() == MissingRequirement.FAIL) {
          throw new ServiceStartException(
              unavailable.get() + " (failing because " + Constants.REQUIREMENTS_MISSING + "=fail)");
        }
        throw new TestAbortedException(unavailable.get());
      }
      return new RunningService(
              definition, mode, settings, timeout(service, definition), logBase, extraEnvironment)
          .start();
    }

    /** Starts a service owned by {@code context}'s store. */
    ServiceHandle startIn(
        ExtensionContext context,
        Service service,
        ServiceDefinition definition,
        String logBase,
        Map<String, String> extraEnvironment) {
      ServiceHandle handle = start(service, definition, logBase, extraEnvironment);
      if (handle instanceof RunningService running) {
        Store store = context.getStore(NAMESPACE);
        store.put(running, running);
      }
      return handle;
    }

    /** The run-scoped service with this definition, started by the first caller only. */
    ServiceHandle shared(ServiceDefinition definition, Supplier<ServiceHandle> starter) {
      FutureTask<ServiceHandle> task =
          shared.computeIfAbsent(definition.toString(), key -> new FutureTask<>(starter::get));
      // The first caller starts it; the others' run() returns at once and get() waits for it.
      task.run();
      try {
        return task.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new ServiceStartException(String.valueOf(e.getCause()), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceStartException("Interrupted while waiting for " + definition.name(), e);
      }
    }

    @Override
    public void close() {
      starts.report(root, print);
      for (FutureTask<ServiceHandle> task : shared.values()) {
        if (task.isDone()) {
          try {
            if (task.get() instanceof RunningService running) {
              running.close();
            }
          } catch (ExecutionException | RuntimeException e) {
            // it failed to start: nothing runs
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }
}

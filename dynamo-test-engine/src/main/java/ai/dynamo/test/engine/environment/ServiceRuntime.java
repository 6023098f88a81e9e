package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.BuiltInService;
import ai.dynamo.test.api.environment.Service;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceMode;
import ai.dynamo.test.api.environment.ServiceRecipe;
import ai.dynamo.test.api.environment.ServiceScope;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.MissingRequirement;
import ai.dynamo.test.engine.requirements.ExecutableLookup;
import ai.dynamo.test.engine.requirements.HostProbe;
import ai.dynamo.test.engine.requirements.RequirementsCheck;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * The services of one run: its settings, the mode services run in (chosen once, with the run's
 * Docker check), the executables of the run's host, the run-scoped services shared by equal
 * definitions, and the count of starts reported at the end. Creating it reaps the leftovers of dead
 * JVMs; closing it stops the run-scoped services.
 *
 * <pre>{@code
 * ServiceDefinition nats = runtime.define(service, "com.example.RouterTest");
 * ServiceHandle handle =
 *     runtime.serve(RUN, nats, () -> runtime.start(service, nats, "run-RouterTest", Map.of()));
 * }</pre>
 */
final class ServiceRuntime implements AutoCloseable {

  private final EnvironmentSettings settings;
  private final ServiceMode mode;
  private final Optional<String> unavailable;
  private final ExecutableLookup executables;
  private final Map<ServiceDefinition, FutureTask<ServiceHandle>> shared =
      new ConcurrentHashMap<>();
  private final ServiceStarts starts = new ServiceStarts();
  private final Consumer<ServiceStarts> report;

  private ServiceRuntime(
      EnvironmentSettings settings,
      ServiceMode mode,
      Optional<String> unavailable,
      ExecutableLookup executables,
      Consumer<ServiceStarts> report) {
    this.settings = settings;
    this.mode = mode;
    this.unavailable = unavailable;
    this.executables = executables;
    this.report = report;
  }

  /**
   * The runtime of a run with {@code settings} on {@code host}, whose counts {@code report}
   * receives at the end. Asks {@code host} whether Docker can be used only when the mode is not
   * {@code local}, and only once Testcontainers is known to be on the class path at a supported
   * version ({@link ContainerLibrary}).
   *
   * @throws ServiceStartException in {@code container} mode without a usable Testcontainers
   */
  static ServiceRuntime create(
      EnvironmentSettings settings, HostProbe host, Consumer<ServiceStarts> report) {
    ServiceMode mode = ServiceMode.LOCAL;
    Optional<String> unavailable = Optional.empty();
    boolean docker = false;
    // Without a usable Testcontainers, auto mode runs services locally and container mode fails
    // every service test with the fix: a build problem, not a machine that lacks Docker.
    Optional<String> library =
        settings.mode() == EnvironmentSettings.Mode.LOCAL
            ? Optional.empty()
            : ContainerLibrary.problem();
    if (library.isPresent() && settings.mode() == EnvironmentSettings.Mode.CONTAINER) {
      Reaper.reap(settings.state(), false);
      throw new ServiceStartException(library.get());
    }
    if (settings.mode() != EnvironmentSettings.Mode.LOCAL && library.isEmpty()) {
      // The same check as @Requires(DOCKER), answered once per run.
      Optional<String> missing = new RequirementsCheck(host).dockerMissing();
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
    return new ServiceRuntime(settings, mode, unavailable, host.executables(), report);
  }

  /**
   * Serves one {@code scope}-scoped declaration of {@code definition}: a run-scoped one gets the
   * run's shared instance of an equal definition, which {@code start} starts the first time; any
   * other gets its own. The declaration, the start and the handle are counted for the line at the
   * end of the run.
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

  /** What {@code service}, declared on {@code where}, defines: a built-in or its recipe's. */
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

  /**
   * The handle of a new or external service, not yet owned by any store, with {@code
   * extraEnvironment} (such as the {@code CUDA_VISIBLE_DEVICES} of the GPUs the owning test holds)
   * added beneath the definition's own environment.
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
            definition,
            mode,
            settings,
            timeout(service, definition),
            logBase,
            extraEnvironment,
            executables)
        .start();
  }

  /** The run-scoped service of this definition, started by the first caller only. */
  private ServiceHandle shared(ServiceDefinition definition, Supplier<ServiceHandle> starter) {
    FutureTask<ServiceHandle> task =
        shared.computeIfAbsent(definition, key -> new FutureTask<>(starter::get));
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

  /** Reports the run's starts and stops its run-scoped services. */
  @Override
  public void close() {
    report.accept(starts);
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

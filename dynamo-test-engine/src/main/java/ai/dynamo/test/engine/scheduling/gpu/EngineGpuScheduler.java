package ai.dynamo.test.engine.scheduling.gpu;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.GpuAllocation;
import ai.dynamo.test.api.spi.GpuScheduler;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.Durations;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.RequirementSpec;
import ai.dynamo.test.engine.requirements.EngineRequirementsEvaluator;
import ai.dynamo.test.engine.requirements.Gpu;
import ai.dynamo.test.engine.scheduling.gpu.GpuAdmission.Device;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * Gives each class or method that declares {@code @Requires(gpus = N)} its GPUs from one pool per
 * run, the size of the host's GPUs as {@code nvidia-smi} lists them (the same probe as the
 * requirement check). A class holds its GPUs from its first callback until it ends, and its tests
 * and nested classes use them; a method that declares more GPUs, or memory that its class's GPUs do
 * not give, takes its own. The lease lives in the context's store, so JUnit gives the GPUs back
 * when the class or method ends, after failures too.
 */
@API(status = INTERNAL, since = "0.1")
public final class EngineGpuScheduler implements GpuScheduler {

  private static final Namespace NAMESPACE = Namespace.create(EngineGpuScheduler.class);

  /** The default of {@link Constants#GPU_WAIT}. */
  static final Duration DEFAULT_WAIT = Duration.ofMinutes(30);

  @Override
  public Optional<GpuAllocation> allocationFor(ExtensionContext context) {
    Store store = context.getStore(NAMESPACE);
    Holding nearest = store.get(Holding.class, Holding.class);
    if (nearest != null && nearest.owner().equals(context.getUniqueId())) {
      return Optional.of(nearest.lease().allocation());
    }
    RequirementSpec spec = declared(context);
    if (spec.gpus() == 0 || (nearest != null && covers(nearest.lease(), spec))) {
      return Optional.ofNullable(nearest).map(holding -> holding.lease().allocation());
    }
    GpuPool pool =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(GpuPool.class, key -> pool(context), GpuPool.class);
    GpuPool.Lease lease =
        pool.acquire(
            where(context),
            spec.gpus(),
            spec.gpuMemory().map(m -> OptionalLong.of(m.bytes())).orElse(OptionalLong.empty()));
    store.put(Holding.class, new Holding(context.getUniqueId(), lease));
    return Optional.of(lease.allocation());
  }

  /**
   * The environment that processes started for {@code context} get: {@code CUDA_VISIBLE_DEVICES}
   * naming the GPUs it holds, or nothing when it holds none.
   */
  public static Map<String, String> environmentFor(ExtensionContext context) {
    return new EngineGpuScheduler()
        .allocationFor(context)
        .map(allocation -> Map.of("CUDA_VISIBLE_DEVICES", allocation.cudaVisibleDevices()))
        .orElse(Map.of());
  }

  private static boolean covers(GpuPool.Lease lease, RequirementSpec spec) {
    if (lease.count() < spec.gpus()) {
      return false;
    }
    if (lease.memory().isEmpty()) {
      return true;
    }
    return spec.gpuMemory().isPresent()
        && spec.gpuMemory().get().bytes() <= lease.memory().getAsLong();
  }

  private static RequirementSpec declared(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    if (element.isEmpty()) {
      return RequirementSpec.NONE;
    }
    return LabelResolver.requirementsAt(element.get(), where(context));
  }

  private static String where(ExtensionContext context) {
    return context.getElement().orElse(null) instanceof Method method
        ? LabelResolver.describe(context.getRequiredTestClass(), method)
        : context.getTestClass().map(Class::getName).orElse(context.getDisplayName());
  }

  private static GpuPool pool(ExtensionContext context) {
    List<Gpu> gpus = EngineRequirementsEvaluator.host(context).listGpus();
    return new GpuPool(
        gpus.stream().map(gpu -> new Device(gpu.index(), gpu.memory().bytes())).toList(),
        maxWait(context.getConfigurationParameter(Constants.GPU_WAIT)));
  }

  /**
   * The longest a test waits for its GPUs, {@code raw} parsed as {@link Constants#GPU_WAIT}.
   *
   * @throws ai.dynamo.test.engine.configuration.ConfigurationException for a value that is no
   *     duration
   */
  public static Duration maxWait(Optional<String> raw) {
    if (raw.isEmpty()) {
      return DEFAULT_WAIT;
    }
    return Durations.parse(Constants.GPU_WAIT, raw.get());
  }

  /** The GPUs that one context took itself; closing it gives them back. */
  private record Holding(String owner, GpuPool.Lease lease) implements AutoCloseable {
    @Override
    public void close() {
      lease.close();
    }
  }
}

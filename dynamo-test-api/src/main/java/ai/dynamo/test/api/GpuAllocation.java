package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The GPUs a test holds while it runs, taken from the host's pool because it declares {@link
 * Requires#gpus() @Requires(gpus = ...)}. A JVM cannot change its own environment, so the test
 * receives its {@code CUDA_VISIBLE_DEVICES} in three ways:
 *
 * <ul>
 *   <li>as a parameter of the test, its constructor or a lifecycle method;
 *   <li>through {@link #current()}, on the thread that runs the test (threads the test starts do
 *       not inherit it: hand them the allocation);
 *   <li>in the environment of the services that {@code @Service} starts for the test's class or
 *       method.
 * </ul>
 *
 * <pre>{@code
 * @Requires(gpus = 2)
 * class TensorParallelTest {
 *   @Test
 *   void serves(GpuAllocation gpus) throws Exception {
 *     ProcessBuilder server = new ProcessBuilder("python", "serve.py").inheritIO();
 *     server.environment().put("CUDA_VISIBLE_DEVICES", gpus.cudaVisibleDevices());
 *     Process process = server.start();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>A class that declares GPUs holds them from before its first test until after its last, and its
 * tests share them; a method that declares GPUs holds them around that method only.
 */
@API(status = STABLE, since = "0.1")
public final class GpuAllocation {

  private static final ThreadLocal<GpuAllocation> CURRENT = new ThreadLocal<>();

  private final List<Integer> ids;

  private GpuAllocation(List<Integer> ids) {
    this.ids = List.copyOf(ids);
  }

  /** An allocation of the GPUs with these indices, as {@code nvidia-smi} numbers them. */
  public static GpuAllocation of(List<Integer> ids) {
    return new GpuAllocation(ids);
  }

  /** The allocation of the test running on this thread, if it holds GPUs. */
  public static Optional<GpuAllocation> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  static void setCurrent(GpuAllocation allocation) {
    if (allocation == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(allocation);
    }
  }

  /** The indices of the GPUs held, ascending, such as {@code [2, 3]}. */
  public List<Integer> ids() {
    return ids;
  }

  /** The value for {@code CUDA_VISIBLE_DEVICES}: the ids joined by commas, such as {@code 2,3}. */
  public String cudaVisibleDevices() {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GpuAllocation that && ids.equals(that.ids);
  }

  @Override
  public int hashCode() {
    return ids.hashCode();
  }

  @Override
  public String toString() {
    return "GPUs " + cudaVisibleDevices();
  }
}

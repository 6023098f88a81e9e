package ai.dynamo.test.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names what a test needs of its host. The engine probes the host once per run; a test whose needs
 * are not met is skipped with a reason that says what it needs and what was found, for example
 * {@code requires 2 GPUs with 40GiB each: found 1 GPU (NVIDIA H100, 80GiB)}. Under {@code
 * dynamo.requirements.missing=fail} it fails instead, so that a GPU job on a host without GPUs
 * fails loudly rather than going green with everything skipped.
 *
 * <pre>{@code
 * import static ai.dynamo.test.api.Capability.*;
 *
 * @Requires(value = GPU, gpus = 2, gpuMemory = "40GiB")
 * class TensorParallelServingTest { ... }
 *
 * @Requires(value = DOCKER, commands = "nats-server", env = "HF_TOKEN")
 * void startsTheRuntime() { ... }
 * }</pre>
 *
 * <p>Place it on a test class, a test method, or an annotation of your own. Requirements add up: a
 * test needs what its method, its class (and superclasses) and its enclosing classes
 * ({@code @Nested}) require. A class whose requirement is missing is skipped once, as a whole.
 * Every capability named here is also a label that {@code dynamo.select} expressions can use
 * ({@code gpu}, {@code docker}, ...). Checking needs {@code dynamo-test-engine} on the test class
 * path.
 *
 * <p>Under Jupiter's parallel execution, tests that declare GPUs take them from a pool the size of
 * the host's and never hold the same GPU at once (sharing one only while their {@link #gpuMemory()}
 * fits); the GPUs a test holds are injectable as a {@link GpuAllocation} and readable through
 * {@link GpuAllocation#current()}, and the services started for it get {@code
 * CUDA_VISIBLE_DEVICES}. See {@code docs/scheduling.md}, "Run GPU tests in parallel".
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(RequiresCondition.class)
@API(status = STABLE, since = "0.1")
public @interface Requires {

  /** Capabilities the host must have. */
  Capability[] value() default {};

  /** The minimum number of GPUs; a value above 0 implies {@link Capability#GPU}. */
  int gpus() default 0;

  /**
   * The minimum memory of each GPU, as a number and a unit: {@code "40GiB"}, {@code "512MiB"},
   * {@code "80GB"}. Implies {@link Capability#GPU}. Empty means no minimum. Under parallel
   * execution it is also what the test is counted as using of each GPU it holds: tests that set it
   * may share a GPU while their sum fits in its memory; tests that do not take whole GPUs.
   */
  String gpuMemory() default "";

  /** Executables that must be found on the {@code PATH}, such as {@code "nats-server"}. */
  String[] commands() default {};

  /** Environment variables that must be set to a non-empty value, such as {@code "HF_TOKEN"}. */
  String[] env() default {};
}

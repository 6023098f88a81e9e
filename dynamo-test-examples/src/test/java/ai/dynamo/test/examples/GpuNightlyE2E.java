package ai.dynamo.test.examples;

import static ai.dynamo.test.api.Capability.GPU;
import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.E2E;

import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A team's own annotation: an end-to-end test that runs at night on a host with at least two GPUs
 * of 40GiB each. One line on a test class says all three things, and the {@code dynamo} engine
 * reads them through the meta-annotations.
 *
 * <pre>{@code
 * @GpuNightlyE2E
 * class TensorParallelServingTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Stage(NIGHTLY)
@TestType(E2E)
@Requires(value = GPU, gpus = 2, gpuMemory = "40GiB")
public @interface GpuNightlyE2E {}

/**
 * The dynamo-test taxonomy: {@link ai.dynamo.test.api.Stage @Stage}, {@link
 * ai.dynamo.test.api.TestType @TestType} and {@link ai.dynamo.test.api.Requires @Requires}.
 *
 * <pre>{@code
 * import static ai.dynamo.test.api.Capability.GPU;
 * import static ai.dynamo.test.api.Lifecycle.*;
 * import static ai.dynamo.test.api.TestKind.E2E;
 *
 * @Stage({PRE_MERGE, NIGHTLY})
 * @TestType(E2E)
 * @Requires(value = GPU, gpus = 2)
 * class DisaggregatedServingTest { ... }
 * }</pre>
 */
package ai.dynamo.test.api;

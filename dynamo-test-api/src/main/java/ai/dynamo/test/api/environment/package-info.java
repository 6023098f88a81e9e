/**
 * Environments: services a test declares with {@link
 * ai.dynamo.test.api.environment.Service @Service} and receives as {@link
 * ai.dynamo.test.api.environment.ServiceHandle handles}, run as local processes or as containers.
 *
 * <pre>{@code
 * @Service(NATS)
 * @Service(ETCD)
 * class RuntimeTest {
 *   @Test
 *   void startsTheRuntime(@ServiceRef("nats") ServiceHandle nats,
 *                         @ServiceRef("etcd") ServiceHandle etcd) { ... }
 * }
 * }</pre>
 */
package ai.dynamo.test.api.environment;

package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Services whose recipes ship with the library, for {@link Service @Service} one-liners.
 *
 * <pre>{@code
 * @Service(NATS)
 * @Service(ETCD)
 * class RuntimeTest {
 *   @Test
 *   void connects(@ServiceRef("nats") ServiceHandle nats, @ServiceRef("etcd") ServiceHandle etcd) {
 *     ...nats.url()...   // nats://127.0.0.1:41235
 *     ...etcd.url()...   // http://127.0.0.1:38211
 *   }
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum BuiltInService {
  /**
   * A NATS server ({@code nats-server}, Debian package {@code nats-server}), named {@code nats}:
   * port {@code client}, URL {@code nats://host:port}, ready when its client port accepts
   * connections. {@link Service#jetstream()} turns on JetStream. Escape hatch: {@code
   * NATS_SERVER=nats://host:port}.
   */
  NATS,
  /**
   * An etcd server ({@code etcd}, Debian package {@code etcd-server}), named {@code etcd}: ports
   * {@code client} and {@code peer}, URL {@code http://host:client}, ready when {@code GET /health}
   * answers {@code "health":"true"}. Escape hatch: {@code ETCD_ENDPOINTS=http://host:port}.
   */
  ETCD,
  /** No built-in recipe: the service is defined by {@link Service#recipe()}. */
  NONE
}

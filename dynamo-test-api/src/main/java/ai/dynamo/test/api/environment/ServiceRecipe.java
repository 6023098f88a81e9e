package ai.dynamo.test.api.environment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Defines a service that is not built in, for {@link Service#recipe()}. Implementations need a
 * public no-argument constructor.
 *
 * <pre>{@code
 * public class EchoRecipe implements ServiceRecipe {
 *   public ServiceDefinition define() {
 *     return ServiceDefinition.named("echo")
 *         .withPorts("tcp")
 *         .withExecutable("socat", "TCP-LISTEN:${port.tcp},fork,reuseaddr", "EXEC:cat")
 *         .withInstallHint("apt-get install socat")
 *         .withImage("example/socat:local")
 *         .withContainerCommand("TCP-LISTEN:${port.tcp},fork,reuseaddr", "EXEC:cat")
 *         .waitingFor(Readiness.tcpPort("tcp"));
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface ServiceRecipe {

  /** The service's definition; called once per declaration. */
  ServiceDefinition define();
}

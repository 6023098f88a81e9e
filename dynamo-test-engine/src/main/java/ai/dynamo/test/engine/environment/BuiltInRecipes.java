package ai.dynamo.test.engine.environment;

import ai.dynamo.test.api.environment.Readiness;
import ai.dynamo.test.api.environment.ServiceDefinition;
import ai.dynamo.test.engine.Constants;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The recipes of {@code @Service(NATS)} and {@code @Service(ETCD)}. */
final class BuiltInRecipes {

  private BuiltInRecipes() {}

  /** {@code nats-server} on a free client port, with JetStream stored in the data directory. */
  static ServiceDefinition nats(boolean jetstream, String image) {
    List<String> arguments = new ArrayList<>(List.of("-a", "${bind}", "-p", "${port.client}"));
    if (jetstream) {
      arguments.addAll(List.of("-js", "-sd", "${dataDir}/jetstream"));
    }
    String[] args = arguments.toArray(String[]::new);
    return ServiceDefinition.named("nats")
        .withPorts("client")
        .withExecutable("nats-server", args)
        .withInstallHint("apt-get install nats-server (Debian package nats-server)")
        .withImage(image)
        .withContainerCommand(args)
        .withUrl("nats://${host}:${port.client}")
        .waitingFor(Readiness.tcpPort("client"))
        .withEndpointVariable("NATS_SERVER");
  }

  /** A single-member etcd cluster on free client and peer ports, its data in the data directory. */
  static ServiceDefinition etcd(String image) {
    String[] args = {
      "--name",
      "${name}",
      "--data-dir",
      "${dataDir}/etcd",
      "--listen-client-urls",
      "http://${bind}:${port.client}",
      "--advertise-client-urls",
      "http://${host}:${port.client}",
      "--listen-peer-urls",
      "http://${bind}:${port.peer}",
      "--initial-advertise-peer-urls",
      "http://${host}:${port.peer}",
      "--initial-cluster",
      "${name}=http://${host}:${port.peer}"
    };
    return ServiceDefinition.named("etcd")
        .withPorts("client", "peer")
        .withExecutable("etcd", args)
        .withInstallHint("apt-get install etcd-server (Debian package etcd-server)")
        .withImage(image)
        .withContainerCommand(args)
        .withUrl("http://${host}:${port.client}")
        .waitingFor(Readiness.http("client", "/health", "\"health\":\"true\""))
        .withEndpointVariable("ETCD_ENDPOINTS");
  }

  /**
   * The key that names {@code definition}'s image, when it is a built-in recipe with the images of
   * {@code settings}: {@link Constants#ENV_IMAGE_NATS} or {@link Constants#ENV_IMAGE_ETCD}.
   */
  static Optional<String> imageKey(ServiceDefinition definition, EnvironmentSettings settings) {
    // Compared under the built-in name: @Service(value = NATS, name = "events") is still NATS.
    if (sameRecipe(definition, nats(false, settings.natsImage()))
        || sameRecipe(definition, nats(true, settings.natsImage()))) {
      return Optional.of(Constants.ENV_IMAGE_NATS);
    }
    if (sameRecipe(definition, etcd(settings.etcdImage()))) {
      return Optional.of(Constants.ENV_IMAGE_ETCD);
    }
    return Optional.empty();
  }

  private static boolean sameRecipe(ServiceDefinition definition, ServiceDefinition builtIn) {
    return definition.renamed(builtIn.name()).toString().equals(builtIn.toString());
  }
}

package ai.dynamo.test.engine.requirements;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Capability;
import ai.dynamo.test.engine.labels.RequirementSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/** Compares what a test requires with what the host has. */
@API(status = INTERNAL, since = "0.1")
public final class RequirementsCheck {

  private final HostProbe host;

  public RequirementsCheck(HostProbe host) {
    this.host = host;
  }

  /**
   * What {@code spec} requires that the host lacks, each as {@code "requires X: found Y"}; empty
   * when every requirement is met.
   */
  public List<String> unmet(RequirementSpec spec) {
    List<String> unmet = new ArrayList<>();
    for (Capability capability : spec.capabilities()) {
      switch (capability) {
        case GPU -> gpus(spec).ifPresent(unmet::add);
        case DOCKER -> present("Docker", host.docker()).ifPresent(unmet::add);
        case KUBERNETES -> present("Kubernetes", host.kubernetes()).ifPresent(unmet::add);
        case NETWORK -> present("a network", host.network()).ifPresent(unmet::add);
        case LINUX, MACOS, WINDOWS -> os(capability).ifPresent(unmet::add);
      }
    }
    for (String command : spec.commands()) {
      if (host.command(command).isEmpty()) {
        unmet.add("requires command '" + command + "': not found on PATH");
      }
    }
    for (String variable : spec.env()) {
      if (host.environmentVariable(variable).isEmpty()) {
        unmet.add("requires environment variable " + variable + ": not set");
      }
    }
    return unmet;
  }

  /**
   * Why no Docker engine can be used here, as {@code "requires Docker: ..."}; empty when one
   * answers. Used by environments, whose container mode needs Docker like
   * {@code @Requires(DOCKER)}.
   */
  public Optional<String> dockerMissing() {
    return present("Docker", host.docker());
  }

  private Optional<String> gpus(RequirementSpec spec) {
    Probe<List<Gpu>> probe = host.gpus();
    long fitting =
        probe.value().stream()
            .filter(
                gpu -> spec.gpuMemory().map(min -> gpu.memory().compareTo(min) >= 0).orElse(true))
            .count();
    if (fitting >= spec.gpus()) {
      return Optional.empty();
    }
    String wanted =
        "requires "
            + spec.gpus()
            + (spec.gpus() == 1 ? " GPU" : " GPUs")
            + spec.gpuMemory()
                .map(memory -> " with " + memory + (spec.gpus() == 1 ? "" : " each"))
                .orElse("");
    return Optional.of(wanted + ": found " + probe.found());
  }

  private static Optional<String> present(String what, Probe<Boolean> probe) {
    return probe.value()
        ? Optional.empty()
        : Optional.of("requires " + what + ": " + probe.found());
  }

  private Optional<String> os(Capability capability) {
    String os = host.osName().toLowerCase(Locale.ROOT);
    boolean matches =
        switch (capability) {
          case LINUX -> os.contains("linux");
          case MACOS -> os.contains("mac") || os.contains("darwin");
          case WINDOWS -> os.contains("windows");
          default -> throw new IllegalArgumentException(capability.toString());
        };
    String name =
        switch (capability) {
          case LINUX -> "Linux";
          case MACOS -> "macOS";
          default -> "Windows";
        };
    return matches
        ? Optional.empty()
        : Optional.of("requires " + name + ": running on " + host.osName());
  }
}

package ai.dynamo.test.engine.labels;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Capability;
import ai.dynamo.test.api.Requires;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What a test needs of its host, from one or more {@link Requires @Requires}: the annotations of a
 * method, its class and the classes that enclose it add up.
 *
 * @param capabilities every capability needed, with {@code GPU} when any GPU is needed
 * @param gpus the minimum GPU count, at least 1 when {@code GPU} is needed
 * @param gpuMemory the minimum memory of each GPU, if given
 */
@API(status = INTERNAL, since = "0.1")
public record RequirementSpec(
    Set<Capability> capabilities,
    int gpus,
    Optional<MemorySize> gpuMemory,
    List<String> commands,
    List<String> env) {

  /** Needs nothing. */
  public static final RequirementSpec NONE =
      new RequirementSpec(Set.of(), 0, Optional.empty(), List.of(), List.of());

  /**
   * Reads one annotation.
   *
   * @param where where the annotation was found, for error messages
   * @throws ConfigurationException for a negative GPU count or a memory size that does not parse
   */
  public static RequirementSpec of(Requires requires, String where) {
    if (requires.gpus() < 0) {
      throw new ConfigurationException(
          "Invalid @Requires(gpus = "
              + requires.gpus()
              + ") on "
              + where
              + ": the GPU count must be 0 or more.");
    }
    Optional<MemorySize> memory = Optional.empty();
    if (!requires.gpuMemory().isBlank()) {
      memory =
          Optional.of(
              MemorySize.parse(requires.gpuMemory())
                  .orElseThrow(
                      () ->
                          new ConfigurationException(
                              "Invalid @Requires(gpuMemory = \""
                                  + requires.gpuMemory()
                                  + "\") on "
                                  + where
                                  + ": expected "
                                  + MemorySize.VALID_FORMS
                                  + ".")));
    }
    Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
    capabilities.addAll(List.of(requires.value()));
    int gpus = requires.gpus();
    if (gpus > 0 || memory.isPresent()) {
      capabilities.add(Capability.GPU);
    }
    if (capabilities.contains(Capability.GPU)) {
      gpus = Math.max(gpus, 1);
    }
    return new RequirementSpec(
        Collections.unmodifiableSet(capabilities),
        gpus,
        memory,
        List.of(requires.commands()),
        List.of(requires.env()));
  }

  /** Both this and {@code other}: the union of capabilities, the larger GPU needs. */
  public RequirementSpec and(RequirementSpec other) {
    Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
    capabilities.addAll(this.capabilities);
    capabilities.addAll(other.capabilities);
    Optional<MemorySize> memory =
        this.gpuMemory.isEmpty()
            ? other.gpuMemory
            : other.gpuMemory.isEmpty()
                ? this.gpuMemory
                : Optional.of(
                    this.gpuMemory.get().compareTo(other.gpuMemory.get()) >= 0
                        ? this.gpuMemory.get()
                        : other.gpuMemory.get());
    return new RequirementSpec(
        Collections.unmodifiableSet(capabilities),
        Math.max(gpus, other.gpus),
        memory,
        List.copyOf(union(commands, other.commands)),
        List.copyOf(union(env, other.env)));
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }

  /** Whether nothing is needed. */
  public boolean isEmpty() {
    return capabilities.isEmpty() && commands.isEmpty() && env.isEmpty();
  }

  /** A short form for reports: {@code gpu×2 (40GiB), docker, command nats-server, env HF_TOKEN}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Capability capability : capabilities) {
      if (capability == Capability.GPU) {
        parts.add("gpu×" + gpus + gpuMemory.map(memory -> " (" + memory + " each)").orElse(""));
      } else {
        parts.add(LabelNames.of(capability));
      }
    }
    commands.forEach(command -> parts.add("command " + command));
    env.forEach(variable -> parts.add("env " + variable));
    return String.join(", ", parts);
  }
}

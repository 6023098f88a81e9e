package ai.dynamo.test.engine.labels;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Capability;
import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The classification of one test: its stages, its kind, what it requires, and its plain tags.
 *
 * @param stages the stages from {@code @Stage}; empty when the test has none
 * @param kind the kind from {@code @TestType}, if any
 * @param requirements what {@code @Requires} asks of the host
 * @param tags the test's {@code @Tag}s
 */
@API(status = INTERNAL, since = "0.1")
public record TestLabels(
    Set<Lifecycle> stages,
    Optional<TestKind> kind,
    RequirementSpec requirements,
    Set<String> tags) {

  /** Whether the test lacks a stage or a kind. */
  public boolean isUnclassified() {
    return stages.isEmpty() || kind.isEmpty();
  }

  /** What is missing, {@code "@Stage, @TestType"}, for reports; empty when classified. */
  public String missing() {
    List<String> missing = new ArrayList<>();
    if (stages.isEmpty()) {
      missing.add("@Stage");
    }
    if (kind.isEmpty()) {
      missing.add("@TestType");
    }
    return String.join(", ", missing);
  }

  /** Every label: stage, kind and capability labels and the plain tags. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    stages.forEach(stage -> names.add(LabelNames.of(stage)));
    kind.ifPresent(k -> names.add(LabelNames.of(k)));
    for (Capability capability : requirements.capabilities()) {
      names.add(LabelNames.of(capability));
    }
    names.addAll(tags);
    return Collections.unmodifiableSet(names);
  }

  /** The stages as text, {@code pre-merge, nightly}, or {@code (no stage)}. */
  public String stageText() {
    return stages.isEmpty()
        ? "(no stage)"
        : stages.stream().map(LabelNames::of).collect(Collectors.joining(", "));
  }

  /** The kind as text, or {@code (no type)}. */
  public String kindText() {
    return kind.map(LabelNames::of).orElse("(no type)");
  }

  /** One line for reports: {@code stage=pre-merge,nightly type=e2e requires=gpu×2}. */
  public String describe() {
    String text = "stage=" + stageText().replace(", ", ",") + " type=" + kindText();
    return requirements.isEmpty() ? text : text + " requires=" + requirements.describe();
  }
}

package ai.dynamo.test.engine.requirements;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.spi.RequirementsEvaluator;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.MissingRequirement;
import ai.dynamo.test.engine.labels.LabelResolver;
import ai.dynamo.test.engine.labels.RequirementSpec;
import ai.dynamo.test.engine.run.DynamoRun;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Checks {@code @Requires} for Jupiter: each class or method is checked against what it declares
 * itself, so a class's requirements skip the whole class once and a method's add to them. The host
 * is probed once per run, shared through the root store.
 */
@API(status = INTERNAL, since = "0.1")
public final class EngineRequirementsEvaluator implements RequirementsEvaluator {

  private static final Namespace NAMESPACE = Namespace.create(EngineRequirementsEvaluator.class);

  @Override
  public ConditionEvaluationResult evaluate(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    if (element.isEmpty()) {
      return ConditionEvaluationResult.enabled("nothing to check");
    }
    String where =
        element.get() instanceof Method method
            ? LabelResolver.describe(context.getRequiredTestClass(), method)
            : ((Class<?>) element.get()).getName();
    RequirementSpec spec = LabelResolver.requirementsAt(element.get(), where);
    if (spec.isEmpty()) {
      return ConditionEvaluationResult.enabled("no requirements declared on " + where);
    }
    Run run = run(context);
    List<String> unmet = run.check().unmet(spec);
    if (unmet.isEmpty()) {
      return ConditionEvaluationResult.enabled("requirements met: " + spec.describe());
    }
    String reason = String.join("; ", unmet);
    if (run.policy() == MissingRequirement.FAIL) {
      throw new RequirementNotMetException(reason);
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  /**
   * The host as this run probed it, shared with every {@code @Requires} check, so that the GPU pool
   * and the requirement check see the same GPUs from one call of {@code nvidia-smi}.
   */
  public static HostProbe host(ExtensionContext context) {
    return run(context).host();
  }

  private static Run run(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Run.class, key -> Run.of(context), Run.class);
  }

  /** What one run shares: the probed host and the policy for unmet requirements. */
  private record Run(HostProbe host, RequirementsCheck check, MissingRequirement policy) {

    static Run of(ExtensionContext context) {
      DynamoConfiguration configuration = DynamoRun.configuration(context);
      HostProbe host = HostProbe.of(configuration);
      return new Run(host, new RequirementsCheck(host), configuration.missingRequirement());
    }
  }
}

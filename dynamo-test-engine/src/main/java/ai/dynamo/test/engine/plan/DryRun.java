package ai.dynamo.test.engine.plan;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.labels.LabelResolver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Executes a dry run ({@code dynamo.dry-run=true}): reports every selected test as skipped with the
 * reason {@code dry run}, followed by what the host lacks for it when its {@code @Requires} are not
 * met, without handing anything to Jupiter.
 *
 * <p>Why not prune the tree, or add a condition: a pruned tree reports nothing, so Surefire, an IDE
 * and the run summary would show an empty run instead of the plan; and the engine cannot add an
 * {@code ExecutionCondition} to Jupiter's run, while a skip reported here reaches every listener
 * with the same reason. No test class is initialized and no extension runs.
 */
@API(status = INTERNAL, since = "0.1")
public final class DryRun {

  /** The reason every test of a dry run is skipped with. */
  public static final String REASON = "dry run";

  private final EngineExecutionListener listener;
  private final Map<String, List<String>> unmet = new HashMap<>();

  private DryRun(EngineExecutionListener listener) {
    this.listener = listener;
  }

  /** Reports the tests of {@code request} as skipped, with the unmet needs from the plan. */
  public static void execute(ExecutionRequest request, Optional<Plan> discovered) {
    DryRun dryRun = new DryRun(request.getEngineExecutionListener());
    discovered.ifPresent(
        plan ->
            plan.tests().stream()
                .filter(test -> test.unmetRequirements() != null)
                .forEach(test -> dryRun.unmet.put(test.name(), test.unmetRequirements())));
    TestDescriptor root = request.getRootTestDescriptor();
    dryRun.listener.executionStarted(root);
    List.copyOf(root.getChildren()).forEach(dryRun::visit);
    dryRun.listener.executionFinished(root, TestExecutionResult.successful());
  }

  private void visit(TestDescriptor descriptor) {
    boolean test = descriptor.getSource().orElse(null) instanceof MethodSource;
    if (test || descriptor.getChildren().isEmpty()) {
      listener.executionSkipped(descriptor, reason(descriptor));
      return;
    }
    listener.executionStarted(descriptor);
    List.copyOf(descriptor.getChildren()).forEach(this::visit);
    listener.executionFinished(descriptor, TestExecutionResult.successful());
  }

  private String reason(TestDescriptor descriptor) {
    if (descriptor.getSource().orElse(null) instanceof MethodSource source) {
      List<String> missing =
          unmet.getOrDefault(
              LabelResolver.describe(source.getJavaClass(), source.getJavaMethod()), List.of());
      if (!missing.isEmpty()) {
        return REASON + "; requirements not met on this host: " + String.join("; ", missing);
      }
    }
    return REASON;
  }
}

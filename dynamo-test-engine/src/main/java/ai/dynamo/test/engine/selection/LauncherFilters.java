package ai.dynamo.test.engine.selection;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.configuration.DynamoConfiguration.EmptySelection;
import ai.dynamo.test.engine.labels.LabelNames;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * What the launcher's own filters (Surefire's {@code groups} and {@code excludedGroups}, test name
 * patterns, an IDE's filters) did to the tests this run's selection kept. The launcher applies them
 * after the engine discovered, so the engine applies them too, to learn what they will remove, and
 * says so when they remove every test: a run that executes nothing must not pass unnoticed.
 *
 * <p>A filter whose words are stage or type names ({@code -Dgroups=nightly}) is a mistake: JUnit
 * tags are {@code @Tag}s, and {@code @Stage(NIGHTLY)} is no tag. That run fails, naming {@code
 * dynamo.stage}. Any other filter that removes every test may be intended (a module without tests
 * of that group in a multi-module build), so it gets a warning.
 */
@API(status = INTERNAL, since = "0.1")
public final class LauncherFilters {

  private static final Set<String> TAXONOMY =
      Stream.concat(Arrays.stream(Lifecycle.values()), Arrays.stream(TestKind.values()))
          .map(LabelNames::of)
          .collect(Collectors.toUnmodifiableSet());

  private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final List<PostDiscoveryFilter> filters = new CopyOnWriteArrayList<>();
  private final Set<String> selected = ConcurrentHashMap.newKeySet();
  private final Set<String> removed = ConcurrentHashMap.newKeySet();
  private final List<String> reasons = new CopyOnWriteArrayList<>();

  /** Sets the launcher filters of the discovery about to start; this engine's own are left out. */
  public void discovering(List<PostDiscoveryFilter> launcherFilters) {
    filters.clear();
    launcherFilters.stream()
        .filter(f -> !f.getClass().getName().startsWith("ai.dynamo.test.engine."))
        .forEach(filters::add);
  }

  /** Notes which of the selected tests under {@code root} the launcher's filters will remove. */
  public void apply(TestDescriptor root) {
    if (filters.isEmpty()) {
      return;
    }
    root.accept(
        descriptor -> {
          if (descriptor.getSource().orElse(null) instanceof MethodSource
              && descriptor.getChildren().isEmpty()) {
            String id = descriptor.getUniqueId().toString();
            selected.add(id);
            for (PostDiscoveryFilter filter : filters) {
              FilterResult result = filter.apply(descriptor);
              if (result.excluded()) {
                removed.add(id);
                result
                    .getReason()
                    .filter(r -> reasons.size() < 3 && !reasons.contains(r))
                    .ifPresent(reasons::add);
                break;
              }
            }
          }
        });
  }

  /**
   * Says what the launcher's filters did when {@code root}, as it is about to execute, has no test
   * left although selection kept some: fails when a filter names a stage or type, else warns on
   * {@code out}.
   */
  public Optional<ConfigurationException> verdict(
      TestDescriptor root, DynamoConfiguration configuration, PrintStream out) {
    if (removed.isEmpty() || !removed.containsAll(selected) || hasTests(root)) {
      return Optional.empty();
    }
    String how = String.join("; ", reasons);
    List<String> words = taxonomyWords(reasons);
    String said =
        "Every one of the "
            + selected.size()
            + " test"
            + (selected.size() == 1 ? "" : "s")
            + " that dynamo selected was removed by a filter of the launcher ("
            + how
            + "), so this run executes no test.";
    if (!words.isEmpty() && configuration.empty() == EmptySelection.FAIL) {
      return Optional.of(
          new ConfigurationException(
              said
                  + " "
                  + words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", "))
                  + (words.size() == 1 ? " is a stage or type" : " are stages or types")
                  + ", not a @Tag: JUnit's tag filters (Surefire's groups and excludedGroups) see"
                  + " @Tag only. Select by "
                  + Constants.STAGE
                  + " or "
                  + Constants.TYPE
                  + " instead, for example -D"
                  + (LabelNames.parse(TestKind.class, words.get(0)).isPresent()
                      ? Constants.TYPE
                      : Constants.STAGE)
                  + "="
                  + words.get(0)
                  + "; or set "
                  + Constants.EMPTY
                  + "=allow if an empty run is expected."));
    }
    out.println("[dynamo] WARNING: " + said);
    return Optional.empty();
  }

  private static boolean hasTests(TestDescriptor root) {
    List<TestDescriptor> pending = new ArrayList<>(root.getChildren());
    while (!pending.isEmpty()) {
      TestDescriptor next = pending.remove(pending.size() - 1);
      if (next.getSource().orElse(null) instanceof MethodSource) {
        return true;
      }
      pending.addAll(next.getChildren());
    }
    return false;
  }

  /** The stage and type names in the tag expressions of {@code reasons}. */
  private static List<String> taxonomyWords(List<String> reasons) {
    String tagReasons =
        reasons.stream()
            .filter(reason -> reason.toLowerCase(Locale.ROOT).contains("tag"))
            .collect(Collectors.joining(" "));
    return WORD.matcher(tagReasons.toLowerCase(Locale.ROOT))
        .results()
        .map(m -> m.group())
        .filter(TAXONOMY::contains)
        .distinct()
        .toList();
  }
}

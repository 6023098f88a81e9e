package ai.dynamo.test.engine.selection;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.NestedMethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * The tests a discovery request names one by one: by method ({@link MethodSelector}, {@link
 * NestedMethodSelector}) or by unique id ({@link UniqueIdSelector}) of the test or of something
 * inside it (an invocation of a parameterized test). That is how an IDE asks to run the one test
 * under the cursor, and such a test runs whatever {@code dynamo.stage}, {@code dynamo.type} or
 * {@code dynamo.select} say. Selecting a class, a package or the class path names no test: their
 * tests are selected by stage as usual.
 */
@API(status = INTERNAL, since = "0.1")
public final class ExplicitSelection {

  /** A request that names no test. */
  public static final ExplicitSelection NONE = new ExplicitSelection(List.of(), List.of());

  private record ClassMethod(Class<?> testClass, Method method) {}

  private final List<ClassMethod> methods;
  private final List<UniqueId> uniqueIds;

  private ExplicitSelection(List<ClassMethod> methods, List<UniqueId> uniqueIds) {
    this.methods = methods;
    this.uniqueIds = uniqueIds;
  }

  /** The tests {@code request} names one by one. */
  public static ExplicitSelection of(EngineDiscoveryRequest request) {
    List<ClassMethod> methods = new ArrayList<>();
    for (MethodSelector selector : request.getSelectorsByType(MethodSelector.class)) {
      loaded(() -> new ClassMethod(selector.getJavaClass(), selector.getJavaMethod()), methods);
    }
    for (NestedMethodSelector selector : request.getSelectorsByType(NestedMethodSelector.class)) {
      loaded(() -> new ClassMethod(selector.getNestedClass(), selector.getMethod()), methods);
    }
    List<UniqueId> uniqueIds =
        request.getSelectorsByType(UniqueIdSelector.class).stream()
            .map(UniqueIdSelector::getUniqueId)
            .toList();
    if (methods.isEmpty() && uniqueIds.isEmpty()) {
      return NONE;
    }
    return new ExplicitSelection(List.copyOf(methods), uniqueIds);
  }

  private static void loaded(Supplier<ClassMethod> selected, List<ClassMethod> into) {
    try {
      into.add(selected.get());
    } catch (RuntimeException notLoadable) {
      // Jupiter reports a selector it cannot resolve; it selects no test either way.
    }
  }

  /** Whether the request named {@code test}, a descriptor of a test method, one by one. */
  boolean names(TestDescriptor test, MethodSource source) {
    UniqueId id = test.getUniqueId();
    if (uniqueIds.stream().anyMatch(selected -> selected.hasPrefix(id))) {
      return true;
    }
    return methods.stream()
        .anyMatch(
            selected ->
                selected.testClass().equals(source.getJavaClass())
                    && selected.method().equals(source.getJavaMethod()));
  }
}

package ai.dynamo.test.engine.scheduling;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.labels.MetaAnnotations;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Puts the top-level classes, and the test methods within each class, in the order of {@code
 * dynamo.order}. Only methods move within a class: a {@code @Nested} class keeps its place. What a
 * user ordered stays as it is: a class with {@code @TestMethodOrder} or a method with
 * {@code @Order} keeps its method order, and {@code junit.jupiter.testclass.order.default} or
 * {@code junit.jupiter.testmethod.order.default}, when set, keep the class or method order.
 */
final class TestOrdering {

  static final String CLASS_ORDER_DEFAULT = "junit.jupiter.testclass.order.default";
  static final String METHOD_ORDER_DEFAULT = "junit.jupiter.testmethod.order.default";

  private final SchedulingSettings settings;
  private final Function<String, Optional<String>> parameters;
  private final DurationEstimator estimator;
  private final PrintStream out;
  private final Map<TestDescriptor, Key> keys = new HashMap<>();
  private Random random;

  TestOrdering(
      SchedulingSettings settings,
      Function<String, Optional<String>> parameters,
      DurationEstimator estimator,
      PrintStream out) {
    this.settings = settings;
    this.parameters = parameters;
    this.estimator = estimator;
    this.out = out;
  }

  /** What an order compares: whether it failed recently and how long it takes. */
  private record Key(boolean failed, long millis) {}

  void apply(TestDescriptor root) {
    if (settings.order() == OrderMode.DECLARED || root.getChildren().isEmpty()) {
      return;
    }
    if (settings.order() == OrderMode.RANDOM) {
      long seed = settings.seed().orElseGet(() -> new Random().nextLong());
      random = new Random(seed);
      out.println(
          "[dynamo] "
              + Constants.ORDER
              + "=random with seed "
              + seed
              + " (replay this order with -D"
              + Constants.ORDER_SEED
              + "="
              + seed
              + ")");
    }
    if (!isSet(CLASS_ORDER_DEFAULT)) {
      order(root, child -> child.getSource().orElse(null) instanceof ClassSource);
    }
    if (!isSet(METHOD_ORDER_DEFAULT)) {
      for (TestDescriptor child : List.copyOf(root.getChildren())) {
        orderMethods(child);
      }
    }
  }

  private void orderMethods(TestDescriptor container) {
    if (!(container.getSource().orElse(null) instanceof ClassSource source)) {
      return;
    }
    if (!userOrdered(source.getJavaClass())) {
      order(container, child -> child.getSource().orElse(null) instanceof MethodSource);
    }
    for (TestDescriptor child : List.copyOf(container.getChildren())) {
      orderMethods(child);
    }
  }

  private static boolean userOrdered(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      if (AnnotationSupport.isAnnotated(c, TestMethodOrder.class)) {
        return true;
      }
    }
    // The full search is costly and rarely finds anything: look for a candidate first.
    return mayDeclareOrder(testClass, new java.util.HashSet<>())
        && !AnnotationSupport.findAnnotatedMethods(
                testClass,
                Order.class,
                org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN)
            .isEmpty();
  }

  /** Whether a method of {@code type}, its superclasses or interfaces may carry {@code @Order}. */
  private static boolean mayDeclareOrder(Class<?> type, java.util.Set<Class<?>> seen) {
    if (type == null || type == Object.class || !seen.add(type)) {
      return false;
    }
    for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
      if (MetaAnnotations.mayCarry(method, Order.class)) {
        return true;
      }
    }
    for (Class<?> implemented : type.getInterfaces()) {
      if (mayDeclareOrder(implemented, seen)) {
        return true;
      }
    }
    return mayDeclareOrder(type.getSuperclass(), seen);
  }

  /** Reorders the children that {@code movable} accepts among their own places. */
  private void order(TestDescriptor parent, java.util.function.Predicate<TestDescriptor> movable) {
    parent.orderChildren(
        children -> {
          List<TestDescriptor> moving = new ArrayList<>();
          for (TestDescriptor child : children) {
            if (movable.test(child)) {
              moving.add(child);
            }
          }
          if (moving.size() < 2) {
            return children;
          }
          List<TestDescriptor> sorted = sort(moving);
          List<TestDescriptor> result = new ArrayList<>(children.size());
          int next = 0;
          for (TestDescriptor child : children) {
            result.add(movable.test(child) ? sorted.get(next++) : child);
          }
          return result;
        });
  }

  private List<TestDescriptor> sort(List<TestDescriptor> descriptors) {
    List<TestDescriptor> sorted = new ArrayList<>(descriptors);
    switch (settings.order()) {
      case RANDOM -> Collections.shuffle(sorted, random);
      case LONGEST_FIRST ->
          sorted.sort(Comparator.comparingLong((TestDescriptor d) -> key(d).millis()).reversed());
      case FAIL_FAST ->
          sorted.sort(
              Comparator.comparing((TestDescriptor d) -> !key(d).failed())
                  .thenComparingLong(d -> key(d).millis()));
      case DECLARED -> {}
    }
    return sorted;
  }

  private Key key(TestDescriptor descriptor) {
    return keys.computeIfAbsent(descriptor, d -> new Key(failed(d), millis(d, estimator)));
  }

  private boolean failed(TestDescriptor descriptor) {
    if (descriptor.getSource().orElse(null) instanceof MethodSource source) {
      return estimator.testFailedRecently(testKey(source));
    }
    if (descriptor.getSource().orElse(null) instanceof ClassSource source
        && estimator.classFailedRecently(source.getClassName())) {
      return true;
    }
    for (TestDescriptor child : descriptor.getChildren()) {
      if (failed(child)) {
        return true;
      }
    }
    return false;
  }

  /** The estimated milliseconds of a class descriptor: recorded, else the sum of its tests. */
  static long classMillis(TestDescriptor descriptor, DurationEstimator estimator) {
    return millis(descriptor, estimator);
  }

  private static long millis(TestDescriptor descriptor, DurationEstimator estimator) {
    if (descriptor.getSource().orElse(null) instanceof MethodSource source) {
      return estimator.testMillis(testKey(source), estimator.kindOf(source));
    }
    long sum = 0;
    for (TestDescriptor child : descriptor.getChildren()) {
      sum += millis(child, estimator);
    }
    if (descriptor.getSource().orElse(null) instanceof ClassSource source
        && descriptor.getParent().map(TestDescriptor::isRoot).orElse(false)) {
      return estimator.classMillis(source.getClassName(), sum);
    }
    return sum;
  }

  private static String testKey(MethodSource source) {
    return ai.dynamo.test.engine.labels.LabelResolver.describe(
        source.getJavaClass(), source.getJavaMethod());
  }

  private boolean isSet(String key) {
    return parameters.apply(key).filter(v -> !v.isBlank()).isPresent();
  }
}

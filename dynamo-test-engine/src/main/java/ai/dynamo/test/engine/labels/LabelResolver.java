package ai.dynamo.test.engine.labels;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.api.Requires;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestKind;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Finds a test's labels from its annotations, directly present or meta-present.
 *
 * <p>{@code @Stage} and {@code @TestType}: the nearest wins, a method's over its class's, a
 * {@code @Nested} class's over its enclosing class's; a class's annotations are inherited by
 * subclasses. {@code @Requires}: every annotation on the way adds up, because a test inside a class
 * that needs Docker needs Docker too.
 *
 * <p>Annotations do not change while a JVM runs, so what is found is remembered per class (in a
 * {@link ClassValue}, which lets unloaded classes go): selection, ordering, the plan, the reports
 * and the history all ask for the labels of the same tests, several times in a run.
 */
@API(status = INTERNAL, since = "0.1")
public final class LabelResolver {

  private LabelResolver() {}

  /** What was found in one class's annotations, and for its methods. */
  private static final class Found {
    final Map<Method, TestLabels> methods = new ConcurrentHashMap<>();
    final Map<Method, String> names = new ConcurrentHashMap<>();
    final Map<AnnotatedElement, RequirementSpec> requirements = new ConcurrentHashMap<>();
    volatile TestLabels self;
  }

  private static final ClassValue<Found> FOUND =
      new ClassValue<>() {
        @Override
        protected Found computeValue(Class<?> type) {
          return new Found();
        }
      };

  /** The labels of a test method run as part of {@code testClass}. */
  public static TestLabels forMethod(Class<?> testClass, Method method, Set<String> tags) {
    Map<Method, TestLabels> known = FOUND.get(testClass).methods;
    TestLabels labels = known.get(method);
    if (labels == null) {
      List<AnnotatedElement> chain = new ArrayList<>();
      chain.add(method);
      chain.addAll(classChain(testClass));
      labels = resolve(chain, describe(testClass, method));
      known.putIfAbsent(method, labels);
    }
    return withTags(labels, tags);
  }

  /**
   * The labels of a test method run as part of {@code testClass}, with what its annotations leave
   * open filled in by {@code rules}.
   */
  public static TestLabels forMethod(
      Class<?> testClass, Method method, Set<String> tags, ClassificationRules rules) {
    return rules.apply(testClass, forMethod(testClass, method, tags));
  }

  /** The labels of the element behind {@code source}, completed by {@code rules}. */
  public static Optional<TestLabels> forSource(
      TestSource source, Set<TestTag> tags, ClassificationRules rules) {
    Optional<TestLabels> labels = forSource(source, tags);
    if (rules.isEmpty() || labels.isEmpty()) {
      return labels;
    }
    Class<?> testClass =
        source instanceof MethodSource method
            ? method.getJavaClass()
            : ((ClassSource) source).getJavaClass();
    return Optional.of(rules.apply(testClass, labels.get()));
  }

  /** The labels of a test class, completed by {@code rules}. */
  public static TestLabels forClass(
      Class<?> testClass, Set<String> tags, ClassificationRules rules) {
    return rules.apply(testClass, forClass(testClass, tags));
  }

  /** The labels of a test class, with its enclosing classes for {@code @Nested} ones. */
  public static TestLabels forClass(Class<?> testClass, Set<String> tags) {
    Found found = FOUND.get(testClass);
    TestLabels labels = found.self;
    if (labels == null) {
      labels = resolve(new ArrayList<>(classChain(testClass)), testClass.getName());
      found.self = labels;
    }
    return withTags(labels, tags);
  }

  private static TestLabels withTags(TestLabels labels, Set<String> tags) {
    return new TestLabels(labels.stages(), labels.kind(), labels.requirements(), Set.copyOf(tags));
  }

  /** The labels of the element behind {@code source}, if it is a method or a class. */
  public static Optional<TestLabels> forSource(TestSource source, Set<TestTag> tags) {
    Set<String> names = tags.stream().map(TestTag::getName).collect(Collectors.toSet());
    if (source instanceof MethodSource methodSource) {
      return Optional.of(
          forMethod(methodSource.getJavaClass(), methodSource.getJavaMethod(), names));
    }
    if (source instanceof ClassSource classSource) {
      return Optional.of(forClass(classSource.getJavaClass(), names));
    }
    return Optional.empty();
  }

  /** The requirements declared directly at {@code element}: not those of enclosing classes. */
  public static RequirementSpec requirementsAt(AnnotatedElement element, String where) {
    Class<?> owner =
        element instanceof Method method
            ? method.getDeclaringClass()
            : element instanceof Class<?> type ? type : null;
    if (owner == null) {
      return read(element, where);
    }
    // Only a valid annotation is remembered: an invalid one is reported, naming where, every time.
    Map<AnnotatedElement, RequirementSpec> known = FOUND.get(owner).requirements;
    RequirementSpec spec = known.get(element);
    if (spec == null) {
      spec = read(element, where);
      known.putIfAbsent(element, spec);
    }
    return spec;
  }

  private static RequirementSpec read(AnnotatedElement element, String where) {
    return AnnotationSupport.findAnnotation(element, Requires.class)
        .map(requires -> RequirementSpec.of(requires, where))
        .orElse(RequirementSpec.NONE);
  }

  /** A method as reports name it: {@code com.example.FooTest#bar()}. */
  public static String describe(Class<?> testClass, Method method) {
    Map<Method, String> names = FOUND.get(testClass).names;
    String name = names.get(method);
    if (name == null) {
      name =
          testClass.getName()
              + "#"
              + method.getName()
              + "("
              + Arrays.stream(method.getParameterTypes())
                  .map(Class::getSimpleName)
                  .collect(Collectors.joining(", "))
              + ")";
      names.putIfAbsent(method, name);
    }
    return name;
  }

  private static TestLabels resolve(List<AnnotatedElement> chain, String where) {
    Set<Lifecycle> stages =
        nearest(chain, Stage.class)
            .map(stage -> stagesOf(stage, where))
            .orElse(Collections.emptySet());
    Optional<TestKind> kind = nearest(chain, TestType.class).map(TestType::value);
    RequirementSpec requirements = RequirementSpec.NONE;
    for (AnnotatedElement element : chain) {
      RequirementSpec declared = requirementsAt(element, where);
      if (!declared.equals(RequirementSpec.NONE)) {
        requirements = requirements.and(declared);
      }
    }
    return new TestLabels(stages, kind, requirements, Set.of());
  }

  private static Set<Lifecycle> stagesOf(Stage stage, String where) {
    if (stage.value().length == 0) {
      throw new ConfigurationException(
          "Invalid @Stage({}) on "
              + where
              + ": name at least one stage, one of "
              + LabelNames.all(Lifecycle.class)
              + ".");
    }
    Set<Lifecycle> stages = EnumSet.noneOf(Lifecycle.class);
    stages.addAll(List.of(stage.value()));
    return Collections.unmodifiableSet(stages);
  }

  private static <A extends Annotation> Optional<A> nearest(
      List<AnnotatedElement> chain, Class<A> type) {
    for (AnnotatedElement element : chain) {
      Optional<A> found = AnnotationSupport.findAnnotation(element, type);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The class, then each class that encloses it as an inner ({@code @Nested}) class. */
  private static List<Class<?>> classChain(Class<?> testClass) {
    List<Class<?>> chain = new ArrayList<>();
    Class<?> current = testClass;
    chain.add(current);
    while (current.isMemberClass() && !Modifier.isStatic(current.getModifiers())) {
      current = current.getEnclosingClass();
      chain.add(current);
    }
    return chain;
  }
}

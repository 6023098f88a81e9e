package ai.dynamo.test.engine.catalog;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Features;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.api.Tutorials;
import ai.dynamo.test.engine.labels.MetaAnnotations;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What a test cites: its {@code @Feature}s and {@code @Tutorial}s, from the method, its class and
 * the classes enclosing a {@code @Nested} one, all added up.
 */
@API(status = INTERNAL, since = "0.1")
public final class Citations {

  private Citations() {}

  /**
   * What the class chain of a test class cites, features then tutorials: the same for each of its
   * methods, and annotations do not change while a JVM runs.
   */
  private static final ClassValue<List<List<String>>> CLASS_CHAIN =
      new ClassValue<>() {
        @Override
        protected List<List<String>> computeValue(Class<?> testClass) {
          List<AnnotatedElement> chain = new ArrayList<>();
          Class<?> current = testClass;
          chain.add(current);
          while (current.isMemberClass() && !Modifier.isStatic(current.getModifiers())) {
            current = current.getEnclosingClass();
            chain.add(current);
          }
          return List.of(
              collect(chain, Feature.class, Feature::value),
              collect(chain, Tutorial.class, Tutorial::value));
        }
      };

  public static List<String> features(Class<?> testClass, Method method) {
    return withClassChain(
        MetaAnnotations.mayCarry(method, Feature.class, Features.class)
            ? collect(List.of(method), Feature.class, Feature::value)
            : List.of(),
        CLASS_CHAIN.get(testClass).get(0));
  }

  public static List<String> tutorials(Class<?> testClass, Method method) {
    return withClassChain(
        MetaAnnotations.mayCarry(method, Tutorial.class, Tutorials.class)
            ? collect(List.of(method), Tutorial.class, Tutorial::value)
            : List.of(),
        CLASS_CHAIN.get(testClass).get(1));
  }

  /** The method's citations, then its class chain's, each once. */
  private static List<String> withClassChain(List<String> method, List<String> classChain) {
    if (classChain.isEmpty()) {
      return method;
    }
    Set<String> found = new LinkedHashSet<>(method);
    found.addAll(classChain);
    return List.copyOf(found);
  }

  private static <A extends Annotation> List<String> collect(
      List<? extends AnnotatedElement> chain, Class<A> type, Function<A, String> value) {
    Set<String> found = new LinkedHashSet<>();
    for (AnnotatedElement element : chain) {
      AnnotationSupport.findRepeatableAnnotations(element, type).stream()
          .map(value)
          .map(String::trim)
          .forEach(found::add);
    }
    return List.copyOf(found);
  }
}

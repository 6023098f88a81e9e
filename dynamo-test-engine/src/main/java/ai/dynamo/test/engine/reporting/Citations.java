package ai.dynamo.test.engine.reporting;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Tutorial;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What a test cites: its {@code @Feature}s and {@code @Tutorial}s, from the method, its class and
 * the classes enclosing a {@code @Nested} one, all added up.
 */
final class Citations {

  private Citations() {}

  static List<String> features(Class<?> testClass, Method method) {
    return collect(testClass, method, Feature.class, Feature::value);
  }

  static List<String> tutorials(Class<?> testClass, Method method) {
    return collect(testClass, method, Tutorial.class, Tutorial::value);
  }

  private static <A extends Annotation> List<String> collect(
      Class<?> testClass, Method method, Class<A> type, Function<A, String> value) {
    Set<String> found = new LinkedHashSet<>();
    List<AnnotatedElement> chain = new ArrayList<>();
    chain.add(method);
    Class<?> current = testClass;
    chain.add(current);
    while (current.isMemberClass() && !Modifier.isStatic(current.getModifiers())) {
      current = current.getEnclosingClass();
      chain.add(current);
    }
    for (AnnotatedElement element : chain) {
      AnnotationSupport.findRepeatableAnnotations(element, type).stream()
          .map(value)
          .map(String::trim)
          .forEach(found::add);
    }
    return List.copyOf(found);
  }
}

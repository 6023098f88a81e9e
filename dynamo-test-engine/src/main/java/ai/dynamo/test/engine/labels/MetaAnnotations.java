package ai.dynamo.test.engine.labels;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A cheap first check before a full search with {@code AnnotationSupport}: whether an element
 * declares any annotation that is, or is meta-annotated (at any depth) with, one of the wanted
 * types. When it does not, no search can find one there, and most test methods cite nothing and
 * order nothing.
 *
 * <pre>{@code
 * if (MetaAnnotations.mayCarry(method, Feature.class, Features.class)) {
 *   found = AnnotationSupport.findRepeatableAnnotations(method, Feature.class);
 * }
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class MetaAnnotations {

  private MetaAnnotations() {}

  /** Every annotation type an annotation type is, or carries as a meta-annotation at any depth. */
  private static final ClassValue<Set<Class<?>>> CARRIED =
      new ClassValue<>() {
        @Override
        protected Set<Class<?>> computeValue(Class<?> annotationType) {
          Set<Class<?>> carried = new HashSet<>();
          Deque<Class<?>> next = new ArrayDeque<>();
          next.add(annotationType);
          while (!next.isEmpty()) {
            Class<?> type = next.poll();
            if (carried.add(type)) {
              for (Annotation meta : type.getDeclaredAnnotations()) {
                next.add(meta.annotationType());
              }
            }
          }
          return Set.copyOf(carried);
        }
      };

  /**
   * Whether one of the annotations declared on {@code element} is one of {@code wanted}, or carries
   * one of them as a meta-annotation. Inherited class annotations are not considered: use it on
   * methods, or on each class of a hierarchy.
   */
  @SafeVarargs
  public static boolean mayCarry(AnnotatedElement element, Class<? extends Annotation>... wanted) {
    for (Annotation declared : element.getDeclaredAnnotations()) {
      Set<Class<?>> carried = CARRIED.get(declared.annotationType());
      for (Class<? extends Annotation> type : wanted) {
        if (carried.contains(type)) {
          return true;
        }
      }
    }
    return false;
  }
}

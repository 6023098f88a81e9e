package ai.dynamo.test.api;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link Flaky @Flaky}: retries a failed {@code @Test} method, a failed
 * invocation of a test template ({@code @ParameterizedTest}, {@code @RepeatedTest}) and a failed
 * dynamic test of a {@code @TestFactory} under {@code dynamo.flaky=retry} or {@code quarantine},
 * reports a pass after a failure as flaky, and turns a quarantined test's failure into an abort.
 * {@link Flaky} says exactly what a retry runs again.
 */
final class FlakyExtension implements InvocationInterceptor {

  private static final Namespace NAMESPACE = Namespace.create(FlakyExtension.class);

  /** One attempt after the first: Jupiter's own invocation may proceed only once. */
  @FunctionalInterface
  private interface Attempt {
    void run() throws Throwable;
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    retry(invocation, () -> invokeAgain(invocationContext, context), context);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    retry(invocation, () -> invokeAgain(invocationContext, context), context);
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext context)
      throws Throwable {
    retry(invocation, invocationContext.getExecutable()::execute, context);
  }

  private static void retry(Invocation<Void> invocation, Attempt again, ExtensionContext context)
      throws Throwable {
    Optional<Flaky> flaky = flakyOf(context);
    FlakySettings settings = settings(context);
    if (flaky.isEmpty() || settings.mode() == FlakySettings.Mode.STRICT) {
      invocation.proceed();
      return;
    }
    List<Throwable> failures = new ArrayList<>();
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      try {
        if (attempt == 0) {
          invocation.proceed();
        } else {
          again.run();
        }
        if (!failures.isEmpty()) {
          reportFlakyPass(context, flaky.get(), failures.size());
        }
        return;
      } catch (TestAbortedException aborted) {
        // An assumption decided the test does not apply: not a failure to retry.
        failures.forEach(aborted::addSuppressed);
        throw aborted;
      } catch (OutOfMemoryError unrecoverable) {
        throw unrecoverable;
      } catch (Throwable failure) {
        failures.add(failure);
      }
    }
    Throwable last = failures.get(failures.size() - 1);
    failures.subList(0, failures.size() - 1).forEach(last::addSuppressed);
    if (settings.mode() == FlakySettings.Mode.QUARANTINE) {
      throw new TestAbortedException(
          "Quarantined flaky test failed all "
              + failures.size()
              + " attempts ("
              + describe(flaky.get())
              + "); "
              + FlakySettings.MODE
              + "=quarantine keeps it from failing the stage. Last failure: "
              + last,
          last);
    }
    throw last;
  }

  /**
   * Invokes the test method again on the same instance, its parameters resolved again by the
   * invocation's resolvers (a parameterized invocation's resolver gives the same arguments).
   */
  private static void invokeAgain(
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) {
    context
        .getExecutableInvoker()
        .invoke(invocationContext.getExecutable(), invocationContext.getTarget().orElse(null));
  }

  private static void reportFlakyPass(ExtensionContext context, Flaky flaky, int failed) {
    String text =
        "failed "
            + failed
            + " of "
            + (failed + 1)
            + " attempts, then passed; known flaky: "
            + describe(flaky);
    context.publishReportEntry(Flaky.REPORT_ENTRY, text);
    System.out.println("[dynamo] FLAKY " + context.getUniqueId() + ": " + text);
  }

  /** Parsed once per run; the engine has already rejected bad values at discovery. */
  private static FlakySettings settings(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            FlakySettings.class,
            key -> FlakySettings.from(context::getConfigurationParameter),
            FlakySettings.class);
  }

  /**
   * The {@code @Flaky} of the test method, else of its class. A dynamic test has no method of its
   * own: the nearest enclosing context with one is its {@code @TestFactory}'s.
   */
  private static Optional<Flaky> flakyOf(ExtensionContext context) {
    for (Optional<ExtensionContext> current = Optional.of(context);
        current.isPresent();
        current = current.get().getParent()) {
      Optional<Method> method = current.get().getTestMethod();
      if (method.isPresent()) {
        Optional<Flaky> onMethod = AnnotationSupport.findAnnotation(method.get(), Flaky.class);
        return onMethod.isPresent()
            ? onMethod
            : AnnotationSupport.findAnnotation(current.get().getRequiredTestClass(), Flaky.class);
      }
    }
    return Optional.empty();
  }

  private static String describe(Flaky flaky) {
    return flaky.reason() + (flaky.issue().isBlank() ? "" : " (" + flaky.issue() + ")");
  }
}

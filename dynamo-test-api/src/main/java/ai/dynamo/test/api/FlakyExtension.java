package ai.dynamo.test.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link Flaky @Flaky}: retries a failed test method under {@code
 * dynamo.flaky=retry} or {@code quarantine}, reports a pass after a failure as flaky, and turns a
 * quarantined test's failure into an abort.
 */
final class FlakyExtension implements InvocationInterceptor {

  private static final Namespace NAMESPACE = Namespace.create(FlakyExtension.class);

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    Optional<Flaky> flaky = flakyOf(context);
    FlakySettings settings = settings(context);
    if (flaky.isEmpty() || settings.mode() == FlakySettings.Mode.STRICT) {
      invocation.proceed();
      return;
    }
    int retries = settings.retries();
    List<Throwable> failures = new ArrayList<>();
    try {
      invocation.proceed();
      return;
    } catch (TestAbortedException aborted) {
      throw aborted;
    } catch (Throwable failure) {
      failures.add(failure);
    }
    for (int attempt = 1; attempt <= retries; attempt++) {
      try {
        invokeAgain(invocationContext);
        String text =
            "failed "
                + failures.size()
                + " of "
                + (failures.size() + 1)
                + " attempts, then passed; known flaky: "
                + describe(flaky.get());
        context.publishReportEntry(Flaky.REPORT_ENTRY, text);
        System.out.println("[dynamo] FLAKY " + context.getUniqueId() + ": " + text);
        return;
      } catch (TestAbortedException aborted) {
        throw aborted;
      } catch (Throwable failure) {
        failures.add(failure);
      }
    }
    Throwable last = failures.get(failures.size() - 1);
    for (int i = 0; i < failures.size() - 1; i++) {
      last.addSuppressed(failures.get(i));
    }
    if (settings.mode() == FlakySettings.Mode.QUARANTINE) {
      TestAbortedException quarantined =
          new TestAbortedException(
              "Quarantined flaky test failed all "
                  + failures.size()
                  + " attempts ("
                  + describe(flaky.get())
                  + "); dynamo.flaky=quarantine keeps it from failing the stage. Last failure: "
                  + last,
              last);
      throw quarantined;
    }
    throw last;
  }

  private static void invokeAgain(ReflectiveInvocationContext<Method> invocationContext)
      throws Throwable {
    Method method = invocationContext.getExecutable();
    method.setAccessible(true);
    try {
      method.invoke(
          invocationContext.getTarget().orElse(null), invocationContext.getArguments().toArray());
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Optional<Flaky> flakyOf(ExtensionContext context) {
    Optional<Flaky> onMethod =
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, Flaky.class));
    return onMethod.isPresent()
        ? onMethod
        : context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, Flaky.class));
  }

  private static String describe(Flaky flaky) {
    return flaky.reason() + (flaky.issue().isBlank() ? "" : " (" + flaky.issue() + ")");
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
}

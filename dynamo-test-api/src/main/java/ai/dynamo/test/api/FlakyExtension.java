package ai.dynamo.test.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
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

  static final String MODE = "dynamo.flaky";
  static final String RETRIES = "dynamo.flaky.retries";

  private enum Mode {
    RETRY,
    QUARANTINE,
    STRICT
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    Optional<Flaky> flaky = flakyOf(context);
    Mode mode = mode(context);
    if (flaky.isEmpty() || mode == Mode.STRICT) {
      invocation.proceed();
      return;
    }
    int retries = retries(context);
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
    if (mode == Mode.QUARANTINE) {
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

  private static Mode mode(ExtensionContext context) {
    Optional<String> raw =
        context.getConfigurationParameter(MODE).map(String::trim).filter(v -> !v.isEmpty());
    if (raw.isEmpty()) {
      return Mode.RETRY;
    }
    try {
      return Mode.valueOf(raw.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "Invalid "
              + MODE
              + "="
              + raw.get()
              + ". Valid values: retry, quarantine, strict (default: retry).");
    }
  }

  private static int retries(ExtensionContext context) {
    Optional<String> raw =
        context.getConfigurationParameter(RETRIES).map(String::trim).filter(v -> !v.isEmpty());
    if (raw.isEmpty()) {
      return 2;
    }
    try {
      int retries = Integer.parseInt(raw.get());
      if (retries >= 0) {
        return retries;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ExtensionConfigurationException(
        "Invalid "
            + RETRIES
            + "="
            + raw.get()
            + ": expected how many times to retry, 0 or more (default: 2).");
  }
}

package bench.timings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Times what happens in a test JVM outside the tests, for the real-suite benchmark: from the end of
 * the last test to the JVM's shutdown (the end-of-run work of every listener, the {@code dynamo}
 * engine's reports among them, and Surefire's own), and the time between one launcher request's
 * last test and the next one's first test (Surefire sends one class per request, so this is the
 * per-class work: discovery, plan, class-level reports). Put on the test class path of both builds
 * being compared (it is found through {@code ServiceLoader}); it writes {@code key=value} lines to
 * the file named by the system property {@code bench.timings} when the JVM shuts down.
 */
public final class RunTimings implements TestExecutionListener {

  private static final Object LOCK = new Object();

  /** CPU time of the whole test JVM (GC and JIT too). */
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private static boolean hooked;
  private static long firstStart;
  private static long lastEnd;
  private static long planStarted;
  private static long firstStartInPlan;
  private static long lastEndOfPreviousPlan;
  private static long betweenPlans;
  private static long planOverhead;
  private static int plans;
  private static long tests;

  /** Found through {@code ServiceLoader}; the state is static because Surefire makes several. */
  public RunTimings() {
    synchronized (LOCK) {
      String file = System.getProperty("bench.timings");
      if (!hooked && file != null) {
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(file))));
      }
    }
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    synchronized (LOCK) {
      planStarted = System.nanoTime();
      firstStartInPlan = 0;
      plans++;
    }
  }

  @Override
  public void executionStarted(TestIdentifier identifier) {
    if (!identifier.isTest()) {
      return;
    }
    synchronized (LOCK) {
      long now = System.nanoTime();
      if (firstStart == 0) {
        firstStart = now;
      }
      if (firstStartInPlan == 0) {
        firstStartInPlan = now;
        planOverhead += now - planStarted;
        if (lastEndOfPreviousPlan != 0) {
          betweenPlans += now - lastEndOfPreviousPlan;
        }
      }
    }
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    if (identifier.isTest()) {
      synchronized (LOCK) {
        lastEnd = System.nanoTime();
        tests++;
      }
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    synchronized (LOCK) {
      if (firstStartInPlan != 0) {
        lastEndOfPreviousPlan = lastEnd;
      }
    }
  }

  private static void write(Path file) {
    synchronized (LOCK) {
      long now = System.nanoTime();
      String text =
          String.format(
              Locale.ROOT,
              "tests=%d%nplans=%d%nlast_test_to_jvm_end_ms=%.1f%nfirst_test_to_jvm_end_ms=%.1f%n"
                  + "between_requests_ms=%.1f%nrequest_start_to_first_test_ms=%.1f%n"
                  + "jvm_cpu_ms=%.0f%n",
              tests,
              plans,
              lastEnd == 0 ? 0 : (now - lastEnd) / 1e6,
              firstStart == 0 ? 0 : (now - firstStart) / 1e6,
              betweenPlans / 1e6,
              planOverhead / 1e6,
              PROCESS.getProcessCpuTime() / 1e6);
      try {
        Files.writeString(file, text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

package ai.dynamo.test.engine.coverage;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;

/**
 * What coverage by test type came to in one run: the result of the run that measured, or why it was
 * not measured. {@link CoverageListener} leaves it here when the engine's root ends; the run's
 * summary takes it when the test plan ends.
 */
@API(status = INTERNAL, since = "0.1")
public final class CoverageOutcome {

  private final AtomicReference<CoverageResult> result = new AtomicReference<>();
  private final AtomicReference<String> notMeasured = new AtomicReference<>();

  /** Forgets the result of an earlier test plan of the run; called when a test plan starts. */
  public void clear() {
    result.set(null);
    notMeasured.set(null);
  }

  void measured(CoverageResult coverage) {
    result.set(coverage);
  }

  void notMeasured(String reason) {
    notMeasured.set(reason);
  }

  /** The result of the test plan that finished last, removed from here. */
  public Optional<CoverageResult> take() {
    return Optional.ofNullable(result.getAndSet(null));
  }

  /**
   * Why the test plan that has just finished has no coverage result: no JaCoCo agent in this JVM, a
   * run started inside another run of this JVM that measures (as an {@code EngineTestKit} run
   * inside a test is), or a coverage directory that failed; or, when the run never got to measuring
   * (it stopped at an error before its tests), that no test ran.
   */
  public String notMeasured() {
    String reason = notMeasured.get();
    if (reason != null) {
      return reason;
    }
    return CoverageRecorder.agentAttached()
        ? "coverage not measured (no test of this run ran)"
        : CoverageReport.NOT_MEASURED;
  }
}

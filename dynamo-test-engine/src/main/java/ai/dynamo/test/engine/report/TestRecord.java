package ai.dynamo.test.engine.report;

import ai.dynamo.test.engine.labels.TestLabels;

/**
 * One test of a run as the summary reports it: a test method, one invocation of a parameterized,
 * repeated or dynamic test, or the passed invocations of such a test counted together.
 *
 * @param name the test's name, {@code com.example.FooTest#bar()} and, for one invocation of a
 *     parameterized or dynamic test, its display name after it
 * @param method the test method's name as the plan has it, {@code com.example.FooTest#bar()}, or
 *     {@code null} for a failure of a class as a whole
 * @param className the test class
 * @param labels the test's classification
 * @param outcome how it ended
 * @param detail the skip reason or failure message, or for {@link Outcome#FLAKY} what the retries
 *     saw; empty for a pass
 * @param durationMillis how long it ran, over all its invocations; 0 when skipped
 * @param invocations how many test invocations this record stands for: 1, or for the passed
 *     invocations of a method counted together, how many passed
 */
record TestRecord(
    String name,
    String method,
    String className,
    TestLabels labels,
    Outcome outcome,
    String detail,
    long durationMillis,
    int invocations) {

  TestRecord(
      String name,
      String method,
      String className,
      TestLabels labels,
      Outcome outcome,
      String detail,
      long durationMillis) {
    this(name, method, className, labels, outcome, detail, durationMillis, 1);
  }

  TestRecord(String name, TestLabels labels, Outcome outcome, String detail) {
    this(name, name, name.replaceFirst("#.*", ""), labels, outcome, detail, 0);
  }

  /**
   * The passed invocations of this record's method counted together: a record named after the
   * method, standing for {@code invocations} invocations that took {@code durationMillis} in all.
   */
  TestRecord passedInvocations() {
    return new TestRecord(
        method, method, className, labels, Outcome.PASSED, "", durationMillis, invocations);
  }

  /** This record with one more invocation that took {@code millis}. */
  TestRecord plusInvocation(long millis) {
    return new TestRecord(
        name, method, className, labels, outcome, detail, durationMillis + millis, invocations + 1);
  }
}

package ai.dynamo.test.engine.report;

import ai.dynamo.test.engine.labels.TestLabels;

/**
 * One test of a run as the summary reports it.
 *
 * @param name the test's name, {@code com.example.FooTest#bar()} and, for an invocation of a
 *     parameterized or dynamic test, its display name after it
 * @param method the test method's name as the plan has it, {@code com.example.FooTest#bar()}, or
 *     {@code null} for a failure of a class as a whole
 * @param className the test class
 * @param labels the test's classification
 * @param outcome how it ended
 * @param detail the skip reason or failure message, or for {@link Outcome#FLAKY} what the retries
 *     saw; empty for a pass
 * @param durationMillis how long it ran; 0 when skipped
 */
record TestRecord(
    String name,
    String method,
    String className,
    TestLabels labels,
    Outcome outcome,
    String detail,
    long durationMillis) {

  TestRecord(String name, TestLabels labels, Outcome outcome, String detail) {
    this(name, name, name.replaceFirst("#.*", ""), labels, outcome, detail, 0);
  }
}

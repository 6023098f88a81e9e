package ai.dynamo.test.engine.reporting;

import ai.dynamo.test.engine.labels.TestLabels;

/**
 * One test of a run as the summary reports it.
 *
 * @param name the test's name, {@code com.example.FooTest#bar()} and, for an invocation of a
 *     parameterized or dynamic test, its display name after it
 * @param labels the test's classification
 * @param outcome how it ended
 * @param detail the skip reason or failure message; empty for a pass
 */
record TestRecord(String name, TestLabels labels, Outcome outcome, String detail) {}

package ai.dynamo.test.engine.selection;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.labels.TestLabels;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What selection did with the discovered tests.
 *
 * @param discovered every discovered test (method) with its labels, in discovery order
 * @param selected the names of the tests that stay in the run
 * @param unclassified the tests without a stage or a type, with their labels
 * @param unclassifiedExcluded whether the unclassified tests were left out of the run
 * @param classifiedBy the tests a classification rule classified, with the rule's pattern
 * @param explicitlySelected the tests the selection would have left out, which run because the
 *     request named them one by one (by method or unique id, as an IDE does); part of {@code
 *     selected}
 * @param selectedBecause under {@code dynamo.affected}, why each selected test runs ({@code mapped:
 *     reached com.example.Foo}); empty otherwise
 * @param excludedBecause the tests the stage and type selection kept but {@code dynamo.affected}
 *     left out, with the reason ({@code not affected by origin/main})
 */
@API(status = INTERNAL, since = "0.1")
public record SelectionReport(
    Map<String, TestLabels> discovered,
    List<String> selected,
    Map<String, TestLabels> unclassified,
    boolean unclassifiedExcluded,
    Map<String, String> classifiedBy,
    List<String> explicitlySelected,
    Map<String, String> selectedBecause,
    Map<String, String> excludedBecause) {}

package ai.dynamo.test.engine.docs;

import static ai.dynamo.test.api.Lifecycle.NIGHTLY;
import static ai.dynamo.test.api.TestKind.E2E;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's main command, run as the README says, in a copy of this repository ({@code
 * dir=copy}): it builds the library and runs the examples' pre-merge stage, so it takes minutes and
 * is nightly. It cannot run itself: the command selects pre-merge, and this test is nightly only.
 */
@Stage(NIGHTLY)
@TestType(E2E)
@Feature("runnable-docs")
@Tutorial("docs/reports.md#test-the-commands-in-your-docs")
@ExtendWith(RunnableDocsExtension.class)
class ReadmeCommandsTest {

  @TestFactory
  Stream<DynamicTest> readme(RunnableDocs docs) {
    return docs.page(Path.of("..", "README.md"));
  }
}

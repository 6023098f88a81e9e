package ai.dynamo.test.engine.docs;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** The runnable blocks of this repository's own {@code docs/}. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("runnable-docs")
@Tutorial("docs/reports.md#say-which-features-a-test-covers")
@Tutorial("docs/reports.md#link-a-test-to-the-docs-it-proves")
@Tutorial("docs/reports.md#test-the-commands-in-your-docs")
@ExtendWith(RunnableDocsExtension.class)
class OwnDocsTest {

  @TestFactory
  Stream<DynamicTest> docs(RunnableDocs docs) {
    return docs.under(Path.of("..", "docs"));
  }
}

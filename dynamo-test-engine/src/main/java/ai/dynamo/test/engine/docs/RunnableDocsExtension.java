package ai.dynamo.test.engine.docs;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.dynamo.test.engine.run.DynamoRun;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a {@code @TestFactory} a {@link RunnableDocs} that knows the run's selection. Register it
 * with {@code @ExtendWith(RunnableDocsExtension.class)} on the test class; see {@link RunnableDocs}
 * for a complete example.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RunnableDocsExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunnableDocs.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return new RunnableDocs(DynamoRun.configuration(context));
  }
}

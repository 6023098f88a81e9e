package ai.dynamo.test.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.platform.commons.JUnitException;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;

/**
 * Copies an {@link ExecutionRequest} with another root and listener, on every supported JUnit line.
 * The complete factory differs: JUnit 5.14 has {@code create(root, listener, parameters,
 * outputDirectoryCreator, store)}, 6.x adds a {@code CancellationToken} and drops the 5.14 form. So
 * the widest {@code create} is looked up, and every argument but the root and the listener is taken
 * from the original request's getter of the same type.
 */
final class ExecutionRequests {

  private ExecutionRequests() {}

  static ExecutionRequest with(
      ExecutionRequest request, TestDescriptor root, EngineExecutionListener listener) {
    Method create =
        Arrays.stream(ExecutionRequest.class.getMethods())
            .filter(m -> m.getName().equals("create") && Modifier.isStatic(m.getModifiers()))
            .max(Comparator.comparingInt(Method::getParameterCount))
            .orElseThrow();
    Object[] arguments = new Object[create.getParameterCount()];
    Class<?>[] types = create.getParameterTypes();
    try {
      for (int i = 0; i < types.length; i++) {
        arguments[i] = argument(request, root, listener, types[i]);
      }
      return (ExecutionRequest) create.invoke(null, arguments);
    } catch (ReflectiveOperationException e) {
      throw new JUnitException(
          "The dynamo engine cannot pass its tests and listener to Jupiter on this JUnit version ("
              + create
              + "). Please report it with the JUnit version in use.",
          e);
    }
  }

  private static Object argument(
      ExecutionRequest request,
      TestDescriptor root,
      EngineExecutionListener listener,
      Class<?> type)
      throws ReflectiveOperationException {
    if (type == EngineExecutionListener.class) {
      return listener;
    }
    if (type == TestDescriptor.class) {
      return root;
    }
    if (type == ConfigurationParameters.class) {
      return request.getConfigurationParameters();
    }
    for (Method getter : ExecutionRequest.class.getMethods()) {
      if (getter.getParameterCount() == 0
          && getter.getName().startsWith("get")
          && getter.getReturnType() == type) {
        return getter.invoke(request);
      }
    }
    throw new NoSuchMethodException("ExecutionRequest has no getter of " + type.getName());
  }
}

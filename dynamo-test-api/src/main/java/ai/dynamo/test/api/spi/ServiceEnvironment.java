package ai.dynamo.test.api.spi;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Starts the services of {@link ai.dynamo.test.api.environment.Service @Service} and resolves their
 * handles, and puts what a service's log says into the failure of a test or lifecycle method whose
 * service died. Implemented by {@code dynamo-test-engine} and found through {@link
 * java.util.ServiceLoader}; test authors never use it.
 */
@API(status = INTERNAL, since = "0.1")
public interface ServiceEnvironment
    extends BeforeAllCallback,
        BeforeEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {}

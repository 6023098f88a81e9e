package ai.dynamo.test.examples.serving;

/** A worker could not be reached or broke off while generating. */
public class WorkerUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WorkerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package ai.dynamo.test.examples.serving;

/** Runs the worker contract in-process; stage and type come from {@link WorkerContract}. */
class ReverseModelWorkerTest extends WorkerContract {

  private final Worker worker = new ReverseModelWorker("w", 4, 64);

  @Override
  Worker worker() {
    return worker;
  }
}

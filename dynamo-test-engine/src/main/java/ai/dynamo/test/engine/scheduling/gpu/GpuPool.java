package ai.dynamo.test.engine.scheduling.gpu;

import ai.dynamo.test.api.GpuAllocation;
import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.scheduling.gpu.GpuAdmission.Device;
import ai.dynamo.test.engine.scheduling.gpu.GpuAdmission.Request;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The host's GPUs, shared by the tests of one run: {@link #acquire} blocks until the GPUs asked for
 * are free (in the order of {@link GpuAdmission}), at most for the configured wait, and the {@link
 * Lease} it returns gives them back when closed. Waiting tells a fork-join pool (Jupiter's parallel
 * executor) that the thread is blocked, so other tests may run meanwhile.
 */
final class GpuPool {

  private final GpuAdmission admission;
  private final Duration maxWait;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition changed = lock.newCondition();

  GpuPool(List<Device> devices, Duration maxWait) {
    this.admission = new GpuAdmission(devices);
    this.maxWait = maxWait;
  }

  /** GPUs given back when closed; closing twice gives them back once. */
  final class Lease implements AutoCloseable {
    private final Request request;
    private final GpuAllocation allocation;

    private Lease(Request request) {
      this.request = request;
      this.allocation = GpuAllocation.of(request.granted().orElseThrow());
    }

    GpuAllocation allocation() {
      return allocation;
    }

    int count() {
      return request.count;
    }

    OptionalLong memory() {
      return request.memory;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        admission.release(request);
        admission.admit();
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Takes {@code count} GPUs for {@code who}, whole or with {@code memory} bytes of each.
   *
   * @throws GpuUnavailableException at once when the host could never give them, or when they were
   *     not free within the configured wait
   */
  Lease acquire(String who, int count, OptionalLong memory) {
    Request request = new Request(who, count, memory);
    admission
        .impossible(request)
        .ifPresent(
            reason ->
                fail(
                    reason
                        + " ("
                        + describeDevices()
                        + "); it can never run here. Run it on a larger host, or lower its"
                        + " @Requires."));
    long deadline = System.nanoTime() + maxWait.toNanos();
    lock.lock();
    try {
      admission.enqueue(request);
      admission.admit();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      ForkJoinPool.managedBlock(new Waiter(request, deadline));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      giveUp(request);
      throw new GpuUnavailableException(
          who + " was interrupted while waiting for " + request.describe() + ".");
    }
    lock.lock();
    try {
      if (request.granted().isEmpty()) {
        String holders =
            admission.holding().stream().map(Request::toString).collect(Collectors.joining(", "));
        int ahead = admission.ahead(request);
        admission.withdraw(request);
        admission.admit();
        changed.signalAll();
        fail(
            who
                + " waited "
                + maxWait
                + " for "
                + request.describe()
                + " and gave up; "
                + (holders.isEmpty() ? "no test held GPUs" : "held by " + holders)
                + ", "
                + ahead
                + " waiting ahead of it. Raise "
                + Constants.GPU_WAIT
                + " if tests hold GPUs that long, or look for a test that never ends.");
      }
      return new Lease(request);
    } finally {
      lock.unlock();
    }
  }

  private void giveUp(Request request) {
    lock.lock();
    try {
      if (request.granted().isPresent()) {
        admission.release(request);
      } else {
        admission.withdraw(request);
      }
      admission.admit();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private String describeDevices() {
    if (admission.devices().isEmpty()) {
      return "nvidia-smi listed no GPU";
    }
    return "GPUs "
        + admission.devices().stream()
            .map(d -> d.index() + ": " + GpuAdmission.mebibytes(d.memory()))
            .collect(Collectors.joining(", "));
  }

  private static void fail(String message) {
    throw new GpuUnavailableException(message);
  }

  /** Blocks until the request is granted or the deadline passes. */
  private final class Waiter implements ForkJoinPool.ManagedBlocker {
    private final Request request;
    private final long deadline;

    Waiter(Request request, long deadline) {
      this.request = request;
      this.deadline = deadline;
    }

    @Override
    public boolean block() throws InterruptedException {
      lock.lock();
      try {
        while (request.granted().isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          changed.await(left, TimeUnit.NANOSECONDS);
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean isReleasable() {
      lock.lock();
      try {
        return request.granted().isPresent() || System.nanoTime() - deadline >= 0;
      } finally {
        lock.unlock();
      }
    }
  }
}
